using Messaging.Ledger.Operations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Api.Health;

// Unhealthy when no processor has said it is alive lately: without it an empty outbox reads as healthy whether the processor is idle or
// gone, and everything the API queues would wait unseen.
public sealed class WorkerHeartbeatHealthCheck(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<WorkerHeartbeatOptions> options)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var latest = await WorkerHeartbeats.LatestAsync(dataSource, cancellationToken);
        const string Fix = "start it (`bash eng/run.sh`, or the worker's container), then look at its log";
        if (latest is null)
        {
            return HealthCheckResult.Unhealthy($"no processor has ever reported: {Fix}");
        }

        var silence = clock.GetUtcNow() - latest.BeatAt;
        var data = new Dictionary<string, object> { ["instance"] = latest.Instance, ["lastBeatAt"] = latest.BeatAt };
        return silence <= options.Value.WorkerStaleAfter
            ? HealthCheckResult.Healthy($"processor {latest.Instance} reported {silence.TotalSeconds:0} s ago", data)
            : HealthCheckResult.Unhealthy(
                $"no processor has reported for {silence.TotalSeconds:0} s (the last, {latest.Instance} on {latest.Host}, at "
                    + $"{latest.BeatAt:u}): {Fix}",
                data: data
            );
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Api.Health;

/// <summary>
/// Unhealthy while the oldest undelivered outbox message is older than <see cref="OutboxLagOptions.MaxOutboxLag"/>: outcomes
/// are committed but nobody hears of them (the processor is down, or the broker refuses its publishes).
/// </summary>
public sealed class OutboxLagHealthCheck(NpgsqlDataSource dataSource, IOptions<OutboxLagOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 FROM outbox_message");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (pending, oldest) = (reader.GetInt64(0), TimeSpan.FromSeconds(reader.GetDouble(1)));
        var data = new Dictionary<string, object> { ["pending"] = pending, ["oldestSeconds"] = Math.Round(oldest.TotalSeconds, 1) };
        return oldest > options.Value.MaxOutboxLag
            ? HealthCheckResult.Unhealthy($"{pending} outbox message(s) undelivered, the oldest for {oldest.TotalSeconds:0} s (more than {options.Value.MaxOutboxLag}); is the processor running and the broker reachable?", data: data)
            : HealthCheckResult.Healthy($"{pending} outbox message(s) pending, the oldest for {oldest.TotalSeconds:0.0} s", data);
    }
}

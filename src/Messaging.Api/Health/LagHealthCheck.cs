using Messaging.Ledger.Outbox;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Api.Health;

// Unhealthy while the oldest message waiting in an outbox is older than OutboxLagOptions.MaxOutboxLag: something was committed that
// nobody has heard of yet.
public sealed class LagHealthCheck(NpgsqlDataSource dataSource, IOptions<OutboxLagOptions> options, LagHealthCheck.Source source)
    : IHealthCheck
{
    public static readonly Source Outcomes = new(
        OutboxBacklog.OutcomesAsync,
        "outcome message(s) undelivered",
        "is the processor running and the broker reachable?"
    );

    public static readonly Source Commands = new(
        OutboxBacklog.CommandsAsync,
        "accepted command(s) not yet published",
        "is the broker reachable as Api:Broker:Username, and is the processor running so its queues exist?"
    );

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (pending, oldest) = await source.Read(dataSource, cancellationToken);
        var data = new Dictionary<string, object> { ["pending"] = pending, ["oldestSeconds"] = Math.Round(oldest.TotalSeconds, 1) };
        return oldest > options.Value.MaxOutboxLag
            ? HealthCheckResult.Unhealthy(
                $"{pending} {source.What}, the oldest for {oldest.TotalSeconds:0} s (more than "
                    + $"{options.Value.MaxOutboxLag}); {source.Question}",
                data: data
            )
            : HealthCheckResult.Healthy($"{pending} {source.What}, the oldest for {oldest.TotalSeconds:0.0} s", data);
    }

    public sealed record Source(Func<NpgsqlDataSource, CancellationToken, Task<Backlog>> Read, string What, string Question);
}

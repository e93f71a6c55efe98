using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Api.Health;

/// <summary>
/// Unhealthy while the oldest message waiting in an outbox is older than <see cref="OutboxLagOptions.MaxOutboxLag"/>:
/// something was committed that nobody has heard of yet. Two are checked: the processor's outcomes
/// (<see cref="Outcomes"/>) and the commands this API accepted (<see cref="Commands"/>).
/// </summary>
public sealed class LagHealthCheck(NpgsqlDataSource dataSource, IOptions<OutboxLagOptions> options, LagHealthCheck.Source source) : IHealthCheck
{
    /// <summary>Outcome messages the processor committed and has not published (the processor is down, or the broker refuses it).</summary>
    public static readonly Source Outcomes = new("outbox_message", "TRUE", "outcome message(s) undelivered", "is the processor running and the broker reachable?");

    /// <summary>Commands this API accepted and has not published (the broker refuses Api:Broker's user, or is away).</summary>
    public static readonly Source Commands = new("api_outbox", "sent_at IS NULL", "accepted command(s) not yet published",
        "is the broker reachable as Api:Broker:Username, and is the processor running so its queues exist?");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 FROM {source.Table} WHERE {source.Waiting}");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (pending, oldest) = (reader.GetInt64(0), TimeSpan.FromSeconds(reader.GetDouble(1)));
        var data = new Dictionary<string, object> { ["pending"] = pending, ["oldestSeconds"] = Math.Round(oldest.TotalSeconds, 1) };
        return oldest > options.Value.MaxOutboxLag
            ? HealthCheckResult.Unhealthy($"{pending} {source.What}, the oldest for {oldest.TotalSeconds:0} s (more than {options.Value.MaxOutboxLag}); {source.Question}", data: data)
            : HealthCheckResult.Healthy($"{pending} {source.What}, the oldest for {oldest.TotalSeconds:0.0} s", data);
    }

    /// <summary>An outbox: its table, which of its rows wait, and how to say so.</summary>
    public sealed record Source(string Table, string Waiting, string What, string Question);
}

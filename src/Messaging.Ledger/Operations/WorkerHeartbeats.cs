using Dapper;
using Npgsql;

namespace Messaging.Ledger.Operations;

// The processors' heartbeats: written by each processor, read by the API's readiness and the operators' tools.
public static class WorkerHeartbeats
{
    private const string BeatSql = """
        INSERT INTO worker_heartbeats (instance, host, started_at, beat_at) VALUES (@instance, @host, @startedAt, now())
        ON CONFLICT (instance) DO UPDATE SET beat_at = now()
        """;

    private const string LatestSql = """
        SELECT instance, host, started_at, beat_at FROM worker_heartbeats ORDER BY beat_at DESC LIMIT 1
        """;

    public static async Task BeatAsync(
        NpgsqlDataSource dataSource,
        string instance,
        string host,
        DateTimeOffset startedAt,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(
                BeatSql,
                new
                {
                    instance,
                    host,
                    startedAt,
                },
                cancellationToken: cancellationToken
            )
        );
    }

    /// <summary>The processor that beat last, or none if none ever did.</summary>
    public static async Task<WorkerHeartbeat?> LatestAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<WorkerHeartbeat>(
            new CommandDefinition(LatestSql, cancellationToken: cancellationToken)
        );
    }
}

using Dapper;
using Npgsql;

namespace Messaging.Ledger.Outbox;

// The processor's outcomes (outbox_message) and the commands the API accepted (api_outbox), one cheap query each: readiness checks and
// the gauges read them often.
public static class OutboxBacklog
{
    private const string OutcomesSql = """
        SELECT count(*) AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest_seconds FROM outbox_message
        """;

    private const string CommandsSql = """
        SELECT count(*) AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest_seconds FROM api_outbox WHERE
            sent_at IS NULL
        """;

    private const string PipelineSql = """
        SELECT (SELECT count(*) FROM outbox_message) AS pending,
               (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 FROM outbox_message) AS oldest_seconds,
               (SELECT count(*) FROM inbox_state) AS inbox_size
        """;

    public static Task<Backlog> OutcomesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        ReadAsync(dataSource, OutcomesSql, cancellationToken);

    public static Task<Backlog> CommandsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        ReadAsync(dataSource, CommandsSql, cancellationToken);

    // One round trip, synchronously: gauges are observed so.
    public static PipelineFigures ReadPipelineFigures(NpgsqlDataSource dataSource)
    {
        using var connection = dataSource.OpenConnection();
        var figures = connection.QuerySingle<PipelineRow>(PipelineSql);
        return new PipelineFigures(new Backlog(figures.Pending, TimeSpan.FromSeconds(figures.OldestSeconds)), figures.InboxSize);
    }

    private static async Task<Backlog> ReadAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var backlog = await connection.QuerySingleAsync<BacklogRow>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return new Backlog(backlog.Pending, TimeSpan.FromSeconds(backlog.OldestSeconds));
    }

    private sealed record BacklogRow(long Pending, double OldestSeconds);

    private sealed record PipelineRow(long Pending, double OldestSeconds, long InboxSize);
}

using Npgsql;

namespace Messaging.Ledger.Outbox;

/// <summary>
/// How far behind the two outboxes are: the processor's outcomes (<c>outbox_message</c>) and the commands the API
/// accepted (<c>api_outbox</c>). Read by readiness checks and the ledger's gauges, one cheap query each.
/// </summary>
public static class OutboxBacklog
{
    private const string OutcomesSql = """
        SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 FROM outbox_message
        """;

    private const string CommandsSql = """
        SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 FROM api_outbox WHERE sent_at IS NULL
        """;

    private const string PipelineSql = """
        SELECT (SELECT count(*) FROM outbox_message),
               (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 FROM outbox_message),
               (SELECT count(*) FROM inbox_state)
        """;

    /// <summary>Outcome messages the processor committed and has not published yet.</summary>
    public static Task<Backlog> OutcomesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        ReadAsync(dataSource, OutcomesSql, cancellationToken);

    /// <summary>Commands the API accepted and has not published yet.</summary>
    public static Task<Backlog> CommandsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        ReadAsync(dataSource, CommandsSql, cancellationToken);

    /// <summary>The outcomes' backlog and the inbox's size in one round trip, synchronously: gauges are observed so.</summary>
    public static PipelineFigures ReadPipelineFigures(NpgsqlDataSource dataSource)
    {
        using var command = dataSource.CreateCommand(PipelineSql);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new PipelineFigures(new Backlog(reader.GetInt64(0), TimeSpan.FromSeconds(reader.GetDouble(1))), reader.GetInt64(2));
    }

    private static async Task<Backlog> ReadAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Backlog(reader.GetInt64(0), TimeSpan.FromSeconds(reader.GetDouble(1)));
    }
}

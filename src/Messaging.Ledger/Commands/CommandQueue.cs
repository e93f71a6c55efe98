using System.Text.Json;
using Messaging.Ledger.Operations;
using Npgsql;
using NpgsqlTypes;

namespace Messaging.Ledger.Commands;

// The API's outbox (api_outbox): a command is queued in the same transaction as its operator-log record, so an accepted command is never
// lost and never published without the record.
public sealed class CommandQueue(NpgsqlDataSource dataSource)
{
    private const string EnqueueSql = """
        INSERT INTO api_outbox (message_id, exchange, body, requested_by) VALUES (@message_id, @exchange, @body, @requested_by)
        """;

    private const string UnsentSql = """
        SELECT id, message_id, exchange, body::text, requested_by, created_at, attempts FROM api_outbox
        WHERE sent_at IS NULL ORDER BY id LIMIT @limit
        """;

    private const string SentSql = "UPDATE api_outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = @id";

    private const string FailedSql = "UPDATE api_outbox SET attempts = attempts + 1, last_error = left(@error, 2000) WHERE id = @id";

    /// <summary>Queues the command and records the action, in one transaction.</summary>
    public async Task<Guid> EnqueueAsync(
        string exchange,
        object command,
        string requestedBy,
        string action,
        object parameters,
        CancellationToken cancellationToken
    )
    {
        var messageId = Guid.NewGuid();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(EnqueueSql, connection, transaction))
        {
            insert.Parameters.AddWithValue("message_id", messageId);
            insert.Parameters.AddWithValue("exchange", exchange);
            insert.Parameters.Add(
                new NpgsqlParameter("body", NpgsqlDbType.Jsonb)
                {
                    Value = JsonSerializer.Serialize(command, command.GetType(), JsonSerializerOptions.Web),
                }
            );
            insert.Parameters.AddWithValue("requested_by", requestedBy);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await OperatorActionLog.RecordAsync(
            connection,
            requestedBy,
            action,
            JsonSerializer.Serialize(parameters, JsonSerializerOptions.Web),
            $"accepted: queued as message {messageId} for {exchange}",
            cancellationToken
        );
        await transaction.CommitAsync(cancellationToken);
        return messageId;
    }

    /// <summary>Oldest first.</summary>
    public async Task<IReadOnlyList<QueuedCommand>> UnsentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(UnsentSql);
        command.Parameters.AddWithValue("limit", limit);
        var queued = new List<QueuedCommand>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            queued.Add(
                new QueuedCommand
                {
                    Id = reader.GetInt64(0),
                    MessageId = reader.GetGuid(1),
                    Exchange = reader.GetString(2),
                    Body = reader.GetString(3),
                    RequestedBy = reader.GetString(4),
                    CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
                    Attempts = reader.GetInt32(6),
                }
            );
        }

        return queued;
    }

    public Task MarkSentAsync(long id, CancellationToken cancellationToken) => ExecuteAsync(SentSql, id, null, cancellationToken);

    public Task MarkFailedAsync(long id, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(FailedSql, id, error, cancellationToken);

    private async Task ExecuteAsync(string sql, long id, string? error, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", id);
        if (error is not null)
        {
            command.Parameters.AddWithValue("error", error);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using Npgsql;
using NpgsqlTypes;

namespace Messaging.Ledger.Outbox;

// Writes always happen inside the caller's ledger transaction.
public static class OutboxStore
{
    private const string InsertSql = """
        INSERT INTO outbox_message (message_id, message_type, body, destination, inbox_message_id, inbox_consumer_id, trace_parent,
            locked_until)
        SELECT m, t, b, d, i, c, p, now() + @lease
        FROM unnest(@message_ids, @types, @bodies, @destinations, @inbox_ids, @consumer_ids, @trace_parents) AS x(m, t, b, d, i, c, p)
        RETURNING sequence_number, message_id
        """;

    private const string ClaimExpiredSql = """
        UPDATE outbox_message o
        SET locked_until = now() + @lease, delivery_attempts = o.delivery_attempts + 1
        WHERE o.sequence_number IN (
            SELECT sequence_number FROM outbox_message
            WHERE locked_until < now()
            ORDER BY sequence_number
            LIMIT @limit
            FOR UPDATE SKIP LOCKED)
        RETURNING o.sequence_number, o.message_id, o.message_type, o.body, o.destination, o.trace_parent
        """;

    private const string DeleteSql = "DELETE FROM outbox_message WHERE sequence_number = ANY(@ids)";

    private const string RecordFailureSql = "UPDATE outbox_message SET last_error = left(@error, 2000) WHERE sequence_number = ANY(@ids)";

    /// <returns>The rows' sequence numbers, in order.</returns>
    public static async Task<IReadOnlyList<long>> InsertAsync(
        NpgsqlConnection connection,
        IReadOnlyList<OutboxRow> rows,
        TimeSpan lease,
        CancellationToken cancellationToken
    )
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(m => m.MessageId).ToArray();
        await using var command = new NpgsqlCommand(InsertSql, connection);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease", lease));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("message_ids", ids));
        command.Parameters.Add(new NpgsqlParameter<string[]>("types", rows.Select(m => m.MessageType).ToArray()));
        command.Parameters.Add(
            new NpgsqlParameter<string[]>("bodies", rows.Select(m => m.Body).ToArray())
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
            }
        );
        command.Parameters.Add(new NpgsqlParameter<string?[]>("destinations", rows.Select(m => m.Destination).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<Guid?[]>("inbox_ids", rows.Select(m => m.InboxMessageId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("consumer_ids", rows.Select(m => m.InboxConsumerId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("trace_parents", rows.Select(m => m.TraceParent).ToArray()));

        var sequenceById = new Dictionary<Guid, long>(ids.Length);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sequenceById[reader.GetGuid(1)] = reader.GetInt64(0);
            }
        }

        return ids.Select(id => sequenceById[id]).ToList();
    }

    /// <summary>Rows whose lease ran out, now leased to this instance.</summary>
    public static async Task<IReadOnlyList<ClaimedOutboxRow>> ClaimExpiredAsync(
        NpgsqlDataSource dataSource,
        TimeSpan lease,
        int limit,
        CancellationToken cancellationToken
    )
    {
        await using var command = dataSource.CreateCommand(ClaimExpiredSql);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease", lease));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        var claimed = new List<ClaimedOutboxRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(
                new ClaimedOutboxRow(
                    reader.GetInt64(0),
                    reader.GetGuid(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    await reader.IsDBNullAsync(4, cancellationToken) ? null : reader.GetString(4),
                    await reader.IsDBNullAsync(5, cancellationToken) ? null : reader.GetString(5)
                )
            );
        }

        return claimed;
    }

    // synchronous_commit = off: a delete lost in a crash only means a row delivered again, with its message id, after its lease.
    public static async Task DeleteAsync(
        NpgsqlDataSource dataSource,
        IReadOnlyCollection<long> sequenceNumbers,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"));
        var delete = new NpgsqlBatchCommand(DeleteSql);
        delete.Parameters.Add(new NpgsqlParameter<long[]>("ids", sequenceNumbers.ToArray()));
        batch.BatchCommands.Add(delete);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public static async Task RecordFailureAsync(
        NpgsqlDataSource dataSource,
        IReadOnlyCollection<long> sequenceNumbers,
        string error,
        CancellationToken cancellationToken
    )
    {
        await using var command = dataSource.CreateCommand(RecordFailureSql);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", sequenceNumbers.ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string>("error", error));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

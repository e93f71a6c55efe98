using Npgsql;

namespace Messaging.Ledger.Inbox;

// A row that already exists means "seen". Everything here runs inside the caller's ledger transaction.
public static class InboxStore
{
    private const string ClaimSql = """
        INSERT INTO inbox_state (message_id, consumer_id)
        SELECT * FROM unnest(@message_ids, @consumer_ids) AS t(m, c)
        ORDER BY m, c COLLATE "C"
        ON CONFLICT DO NOTHING
        RETURNING message_id, consumer_id
        """;

    private const string ReleaseSql = """
        DELETE FROM inbox_state i
        USING unnest(@message_ids, @consumer_ids) AS r(message_id, consumer_id)
        WHERE i.message_id = r.message_id AND i.consumer_id = r.consumer_id
        """;

    // In chunks, so a cleanup after a long outage never holds a long lock or one huge transaction.
    private const string DeleteChunkSql = """
        DELETE FROM inbox_state WHERE ctid = ANY(ARRAY(
            SELECT ctid FROM inbox_state WHERE received_at < now() - @retention LIMIT 5000))
        """;

    private const string ConsumedSql = "SELECT message_id FROM inbox_state WHERE consumer_id = @consumer AND message_id = ANY(@ids)";

    /// <summary>Reads only (a replay's dry run).</summary>
    public static async Task<IReadOnlyList<Guid>> ConsumedAsync(
        NpgsqlConnection connection,
        string consumer,
        Guid[] messageIds,
        CancellationToken cancellationToken
    )
    {
        var seen = new List<Guid>();
        await using var command = new NpgsqlCommand(ConsumedSql, connection);
        command.Parameters.AddWithValue("consumer", consumer);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", messageIds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            seen.Add(reader.GetGuid(0));
        }

        return seen;
    }

    /// <returns>The (message, consumer) pairs that were new and are now claimed.</returns>
    public static async Task<HashSet<(Guid, string)>> ClaimAsync(
        NpgsqlConnection connection,
        IReadOnlyCollection<(Guid MessageId, string ConsumerId)> keys,
        CancellationToken cancellationToken
    )
    {
        var claimed = new HashSet<(Guid, string)>();
        await using var command = new NpgsqlCommand(ClaimSql, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("message_ids", keys.Select(k => k.MessageId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("consumer_ids", keys.Select(k => k.ConsumerId).ToArray()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        return claimed;
    }

    // For messages the ledger refused, so that a replay after the cause is fixed is evaluated again instead of being taken for a duplicate.
    public static async Task ReleaseAsync(
        NpgsqlConnection connection,
        IReadOnlyCollection<(Guid MessageId, string ConsumerId)> keys,
        CancellationToken cancellationToken
    )
    {
        if (keys.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(ReleaseSql, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("message_ids", keys.Select(k => k.MessageId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("consumer_ids", keys.Select(k => k.ConsumerId).ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <returns>How many went.</returns>
    public static async Task<int> DeleteOlderThanAsync(NpgsqlDataSource dataSource, TimeSpan retention, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            await using var command = dataSource.CreateCommand(DeleteChunkSql);
            command.Parameters.Add(new NpgsqlParameter<TimeSpan>("retention", retention));
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
        } while (deleted > 0);
        return total;
    }
}

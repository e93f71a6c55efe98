using Npgsql;

namespace Messaging.Ledger.Journal;

// How the writer tells a duplicate (same hash) from a conflict (same key, other content), and how a replay preview predicts it.
public static class StoredPayloadHashes
{
    private const string Sql =
        "SELECT idempotency_key, payload_hash, source_message_id FROM journal_entries WHERE idempotency_key = ANY(@keys)";

    public static async Task<Dictionary<string, StoredPayload>> ReadAsync(
        NpgsqlConnection connection,
        string[] keys,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(keys);
        var hashes = new Dictionary<string, StoredPayload>(StringComparer.Ordinal);
        if (keys.Length == 0)
        {
            return hashes;
        }

        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", keys));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hashes[reader.GetString(0)] = new StoredPayload(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2));
        }

        return hashes;
    }
}

using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.Ledger.Holds;

// Two-phase holds (as TigerBeetle's pending transfers): placed on an account, then captured into a journal entry or voided, once. The one
// code path for every hold, whoever moves it: the redemption saga, and the ledger's own expiry that gives points back when a saga is lost.
/// <summary>Commands join the caller's transaction.</summary>
public static class LedgerHolds
{
    /// <summary>The settled_reason of a hold the ledger voided because it outlived its expiry.</summary>
    public const string ExpiredReason = "expired";

    public const string CapturedReason = "redeemed";

    private const string PlaceSql = $"""
        INSERT INTO ledger_holds (hold_key, account_id, amount, status, expires_at)
        VALUES (@key, @account, @amount, '{HoldStatuses.Active}', @expires_at)
        ON CONFLICT (hold_key) DO NOTHING
        """;

    private const string LockActiveSql =
        $"SELECT id, account_id, amount FROM ledger_holds WHERE hold_key = @key AND status = '{HoldStatuses.Active}' FOR UPDATE";

    private const string MarkCapturedSql = $"""
        UPDATE ledger_holds
        SET status = '{HoldStatuses.Captured}', settled_at = now(), settled_reason = '{CapturedReason}', journal_entry_id = @entry
        WHERE id = @id
        """;

    // What voiding is, once: an active hold becomes voided, with when and why. The two statements below only
    // choose which holds, each in one round trip.
    private const string VoidSet = $"status = '{HoldStatuses.Voided}', settled_at = now(), settled_reason = @reason";

    private const string VoidByKeySql = $"UPDATE ledger_holds SET {VoidSet} WHERE hold_key = @key AND status = '{HoldStatuses.Active}'";

    // Skip what another sweeper (or a saga) has locked: it is being settled already.
    private const string VoidExpiredSql = $"""
        UPDATE ledger_holds SET {VoidSet}
        WHERE id IN (
            SELECT id FROM ledger_holds
            WHERE status = '{HoldStatuses.Active}' AND expires_at <= now()
            ORDER BY expires_at
            LIMIT @limit
            FOR UPDATE SKIP LOCKED)
        """;

    /// <summary>False when a hold with this key exists already (placed by an earlier delivery).</summary>
    public static async Task<bool> PlaceAsync(
        NpgsqlConnection connection,
        string key,
        long accountId,
        long amount,
        DateTimeOffset expiresAt,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(PlaceSql, connection);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("amount", amount);
        command.Parameters.AddWithValue("expires_at", expiresAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Null when the hold is not active (voided or captured already).</summary>
    public static async Task<CapturedHold?> CaptureAsync(
        NpgsqlConnection connection,
        string key,
        long counterAccountId,
        HoldCapture entry,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(entry);
        // One round trip: the hold is locked, then its entry inserted only if the hold is still active (the entry's key is the
        // hold's). The saga captures while it consumes the message that completes the redemption: that message's trace.
        var lockHold = new NpgsqlBatchCommand(LockActiveSql) { Parameters = { new("key", key) } };
        var insertEntry = JournalInserts.EntriesCommand(
            [
                new JournalEntryRow(
                    key,
                    entry.EntryType,
                    entry.Description,
                    entry.PayloadHash,
                    entry.OccurredAt,
                    entry.MetadataJson,
                    null,
                    entry.SourceMessageId,
                    TraceIds.Current()
                ),
            ],
            onlyWhen: $"EXISTS (SELECT 1 FROM ledger_holds h WHERE h.hold_key = x.k AND h.status = '{HoldStatuses.Active}')"
        );
        long holdId,
            accountId,
            amount;
        Dictionary<string, long> ids;
        await using (var capture = new NpgsqlBatch(connection) { BatchCommands = { lockHold, insertEntry } })
        await using (var reader = await capture.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (holdId, accountId, amount) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            await reader.NextResultAsync(cancellationToken);
            ids = await JournalInserts.ReadEntryIdsAsync(reader, cancellationToken);
        }

        if (!ids.TryGetValue(key, out var entryId))
        {
            // The hold is active and locked, so its entry cannot have been written by a capture: something else took the key.
            throw new InvalidOperationException(
                $"Journal entry '{key}' exists already while its hold is still active; the hold was not captured."
            );
        }

        // The entry exists before the hold is marked captured (the hold names it), and the hold is released before the
        // postings land, so the account's available points never dip below zero in between. One round trip for both.
        var markCaptured = new NpgsqlBatchCommand(MarkCapturedSql) { Parameters = { new("entry", entryId), new("id", holdId) } };
        var postings = JournalInserts.PostingsCommand([
            new PostingRow(entryId, accountId, -amount),
            new PostingRow(entryId, counterAccountId, amount),
        ]);
        await using (var settle = new NpgsqlBatch(connection) { BatchCommands = { markCaptured, postings } })
        {
            await settle.ExecuteNonQueryAsync(cancellationToken);
        }

        return new CapturedHold(accountId, amount, entryId);
    }

    /// <summary>False when the hold is not active.</summary>
    public static async Task<bool> VoidAsync(NpgsqlConnection connection, string key, string reason, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(VoidByKeySql, connection);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("reason", reason);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <returns>How many were voided.</returns>
    public static async Task<int> VoidExpiredAsync(NpgsqlDataSource dataSource, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(VoidExpiredSql);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("reason", ExpiredReason);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

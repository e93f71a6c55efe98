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

    // What capturing is, once: an active hold becomes captured into the entry that spends it.
    private static string CaptureSet(string entryId) =>
        $"status = '{HoldStatuses.Captured}', settled_at = now(), settled_reason = '{CapturedReason}', journal_entry_id = {entryId}";

    private static readonly string MarkCapturedSql = $"UPDATE ledger_holds SET {CaptureSet("@entry")} WHERE id = @id";

    // Many holds placed in one statement (a batch of redemption requests): in key order, as entries are inserted.
    private const string PlaceManySql = $"""
        INSERT INTO ledger_holds (hold_key, account_id, amount, status, expires_at)
        SELECT x.k, x.a, x.m, '{HoldStatuses.Active}', x.e
        FROM unnest(@keys, @accounts, @amounts, @expires_at) AS x(k, a, m, e)
        ORDER BY x.k COLLATE "C"
        """;

    private static readonly string CaptureManySql = $"""
        UPDATE ledger_holds SET {CaptureSet("x.e")}
        FROM unnest(@keys, @entries) AS x(k, e)
        WHERE ledger_holds.hold_key = x.k AND ledger_holds.status = '{HoldStatuses.Active}'
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
            [EntryRowOf(key, entry, TraceIds.Current())],
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

    /// <summary>The journal entry that captures the hold with this key (the entry's key is the hold's).</summary>
    internal static JournalEntryRow EntryRowOf(string key, HoldCapture entry, string? traceId) =>
        new(
            key,
            entry.EntryType,
            entry.Description,
            entry.PayloadHash,
            entry.OccurredAt,
            entry.MetadataJson,
            null,
            entry.SourceMessageId,
            traceId
        );

    /// <summary>
    /// Places every hold in one statement, for a caller that knows none of them exists (a plain insert: a duplicate fails).
    /// </summary>
    internal static NpgsqlBatchCommand PlaceManyCommand(IReadOnlyList<HoldPlacement> holds)
    {
        var command = new NpgsqlBatchCommand(PlaceManySql);
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", [.. holds.Select(h => h.Key)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("accounts", [.. holds.Select(h => h.AccountId)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("amounts", [.. holds.Select(h => h.Amount)]));
        command.Parameters.Add(
            new NpgsqlParameter<DateTime[]>("expires_at", [.. holds.Select(h => h.ExpiresAt.UtcDateTime)])
            {
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz,
            }
        );
        return command;
    }

    /// <summary>
    /// Marks each active hold captured into its entry, in one statement. Send it after the entries exist and before their postings, as
    /// <see cref="CaptureAsync"/> does.
    /// </summary>
    internal static NpgsqlBatchCommand CaptureManyCommand(IReadOnlyDictionary<string, long> entryIdsByHoldKey)
    {
        var command = new NpgsqlBatchCommand(CaptureManySql);
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", [.. entryIdsByHoldKey.Keys]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("entries", [.. entryIdsByHoldKey.Values]));
        return command;
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

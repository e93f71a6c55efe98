using Npgsql;

namespace Messaging.Ledger.Holds;

/// <summary>
/// Two-phase holds (as TigerBeetle's pending transfers): placed on an account, then captured into a journal
/// entry or voided, once. The one code path for every hold, whoever moves it: the redemption saga, and the
/// ledger's own expiry that gives points back when a saga is lost. Commands join the caller's transaction.
/// The database keeps <c>accounts.held</c> equal to the active holds and refuses any other move.
/// </summary>
public static class LedgerHolds
{
    /// <summary>The <c>settled_reason</c> of a hold the ledger voided because it outlived its expiry.</summary>
    public const string ExpiredReason = "expired";

    /// <summary>The <c>settled_reason</c> of a captured hold.</summary>
    public const string CapturedReason = "redeemed";

    private const string PlaceSql = $"""
        INSERT INTO ledger_holds (hold_key, account_id, amount, status, expires_at)
        VALUES (@key, @account, @amount, '{HoldStatuses.Active}', @expires_at)
        ON CONFLICT (hold_key) DO NOTHING
        """;

    // The entry exists before the hold is marked captured (the hold names it), and the hold is released
    // before the postings land, so the account's available points never dip below zero in between.
    private const string CaptureSql = $"""
        WITH hold AS (
            SELECT id FROM ledger_holds WHERE hold_key = @key AND status = '{HoldStatuses.Active}' FOR UPDATE
        ), entry AS (
            INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, source_message_id, occurred_at, metadata, trace_id)
            SELECT @key, @entry_type, @description, @hash, @message_id, @occurred_at, @metadata::jsonb, @trace_id FROM hold
            RETURNING id
        )
        UPDATE ledger_holds h
        SET status = '{HoldStatuses.Captured}', settled_at = now(), settled_reason = '{CapturedReason}', journal_entry_id = (SELECT id FROM entry)
        FROM hold WHERE h.id = hold.id
        RETURNING h.account_id, h.amount, h.journal_entry_id
        """;

    private const string PostCaptureSql = """
        INSERT INTO postings (journal_entry_id, account_id, amount)
        VALUES (@entry, @account, -@amount), (@entry, @counter_account, @amount)
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

    /// <summary>Places a hold; false when one with this key exists already (placed by an earlier delivery).</summary>
    public static async Task<bool> PlaceAsync(NpgsqlConnection connection, string key, long accountId, long amount, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(PlaceSql, connection);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("amount", amount);
        command.Parameters.AddWithValue("expires_at", expiresAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>
    /// Captures an active hold into the entry <paramref name="key"/>, moving its points to
    /// <paramref name="counterAccountId"/>; null when the hold is not active (voided or captured already).
    /// </summary>
    public static async Task<CapturedHold?> CaptureAsync(NpgsqlConnection connection, string key, long counterAccountId, HoldCapture entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        CapturedHold captured;
        await using (var capture = new NpgsqlCommand(CaptureSql, connection))
        {
            capture.Parameters.AddWithValue("key", key);
            capture.Parameters.AddWithValue("entry_type", entry.EntryType);
            capture.Parameters.AddWithValue("description", entry.Description);
            capture.Parameters.AddWithValue("hash", entry.PayloadHash);
            capture.Parameters.AddWithValue("message_id", (object?)entry.SourceMessageId ?? DBNull.Value);
            // The saga captures while it consumes the message that completes the redemption: that message's trace.
            capture.Parameters.Add(new NpgsqlParameter<string?>("trace_id", Writing.TraceIds.Current()) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
            capture.Parameters.AddWithValue("occurred_at", entry.OccurredAt);
            capture.Parameters.AddWithValue("metadata", entry.MetadataJson);
            await using var reader = await capture.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            captured = new CapturedHold(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        await using var post = new NpgsqlCommand(PostCaptureSql, connection);
        post.Parameters.AddWithValue("entry", captured.JournalEntryId);
        post.Parameters.AddWithValue("account", captured.AccountId);
        post.Parameters.AddWithValue("counter_account", counterAccountId);
        post.Parameters.AddWithValue("amount", captured.Amount);
        await post.ExecuteNonQueryAsync(cancellationToken);
        return captured;
    }

    /// <summary>Voids the hold with this key if it is still active; false when it is not.</summary>
    public static async Task<bool> VoidAsync(NpgsqlConnection connection, string key, string reason, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(VoidByKeySql, connection);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("reason", reason);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Voids up to <paramref name="limit"/> holds past their expiry; returns how many.</summary>
    public static async Task<int> VoidExpiredAsync(NpgsqlDataSource dataSource, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(VoidExpiredSql);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("reason", ExpiredReason);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

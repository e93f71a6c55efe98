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
            INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, source_message_id, occurred_at, metadata)
            SELECT @key, @entry_type, @description, @hash, @message_id, @occurred_at, @metadata::jsonb FROM hold
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

    private const string ActiveByKeySql = $"SELECT id FROM ledger_holds WHERE hold_key = @key AND status = '{HoldStatuses.Active}' FOR UPDATE";

    // Skip what another sweeper (or a saga) has locked: it is being settled already.
    private const string ExpiredSql = $"""
        SELECT id FROM ledger_holds
        WHERE status = '{HoldStatuses.Active}' AND expires_at <= now()
        ORDER BY expires_at
        LIMIT @limit
        FOR UPDATE SKIP LOCKED
        """;

    private const string VoidSql = $"""
        UPDATE ledger_holds SET status = '{HoldStatuses.Voided}', settled_at = now(), settled_reason = @reason
        WHERE id = ANY(@ids) AND status = '{HoldStatuses.Active}'
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
        var ids = await IdsAsync(connection, ActiveByKeySql, ("key", key), cancellationToken);
        return await VoidAsync(connection, ids, reason, cancellationToken) > 0;
    }

    /// <summary>Voids up to <paramref name="limit"/> holds past their expiry, in one transaction; returns how many.</summary>
    public static async Task<int> VoidExpiredAsync(NpgsqlDataSource dataSource, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = await IdsAsync(connection, ExpiredSql, ("limit", limit), cancellationToken);
        var voided = await VoidAsync(connection, ids, ExpiredReason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return voided;
    }

    private static async Task<int> VoidAsync(NpgsqlConnection connection, long[] ids, string reason, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return 0;
        }

        await using var command = new NpgsqlCommand(VoidSql, connection);
        command.Parameters.AddWithValue("ids", ids);
        command.Parameters.AddWithValue("reason", reason);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long[]> IdsAsync(NpgsqlConnection connection, string sql, (string Name, object Value) parameter, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(parameter.Name, parameter.Value);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return [.. ids];
    }
}

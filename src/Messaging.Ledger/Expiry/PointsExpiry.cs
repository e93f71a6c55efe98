using System.Text.Json;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.Ledger.Expiry;

// Writes what is left of a wallet's due lots as expiry entries, in the caller's transaction: lazily when a redemption touches the wallet,
// and by the processor's sweeper. Points held for a redemption are the soonest-expiring ones (a capture draws them first), so they do not
// expire while held: only what the due lots hold beyond the wallet's held points expires, taken from the latest-due lots. A hold voided
// after its lot's date gives the points back to a due lot, and the next pass expires them (a second entry for the same lot, numbered).
// Each entry's key names its lot, so an expiry is written once whoever gets there first.
public sealed class PointsExpiry(LedgerBatchWriter writer)
{
    private const string LockWalletSql = "SELECT id, balance, held FROM ledger_lock_accounts(ARRAY[@wallet]::text[])";

    // After the wallet's lock, so nothing draws these lots meanwhile. Earlier expiries of the same lot number the next one's key.
    private const string DueLotsSql = $"""
        SELECT e.idempotency_key, l.remaining, l.expires_at,
               (SELECT count(*) FROM lot_draws d JOIN journal_entries x ON x.id = d.journal_entry_id
                WHERE d.account_id = l.account_id AND d.lot_entry_id = l.journal_entry_id
                  AND x.entry_type = '{EntryTypes.PointsExpired}') AS expiries
        FROM point_lots l
        JOIN accounts a ON a.id = l.account_id
        JOIN journal_entries e ON e.id = l.journal_entry_id
        WHERE a.code = @wallet AND l.remaining > 0 AND l.expires_at <= now()
        ORDER BY l.expires_at, l.journal_entry_id
        """;

    // Wallets whose due lots hold more than their held points: those with something to expire.
    private const string DueUsersSql = """
        SELECT a.owner_id FROM point_lots l JOIN accounts a ON a.id = l.account_id
        WHERE l.remaining > 0 AND l.expires_at <= now()
        GROUP BY a.id, a.owner_id, a.held HAVING sum(l.remaining) > a.held
        ORDER BY min(l.expires_at)
        LIMIT @limit
        """;

    /// <returns>The lots expired now, in the order written.</returns>
    public async Task<IReadOnlyList<ExpiredLot>> ExpireDueAsync(
        NpgsqlConnection connection,
        string userId,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(connection);
        var wallet = AccountRef.UserWallet(userId);
        long balance = 0,
            held = 0;
        var due = new List<(string LotKey, long Remaining, DateTimeOffset ExpiresAt, long Expiries)>();
        await using (var batch = new NpgsqlBatch(connection))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(LockWalletSql) { Parameters = { new("wallet", wallet.Code) } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(DueLotsSql) { Parameters = { new("wallet", wallet.Code) } });
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return [];
            }

            (balance, held) = (reader.GetInt64(1), reader.GetInt64(2));
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3)));
            }
        }

        var expiring = Expirable(due.Select(d => d.Remaining).ToList(), held);
        var expired = new List<ExpiredLot>();
        var preconditions = new List<LedgerPrecondition>();
        var expiredAccount = AccountRef.ExpiredPoints(userId);
        for (var i = 0; i < due.Count; i++)
        {
            if (expiring[i] == 0)
            {
                continue;
            }

            var (lotKey, _, expiresAt, expiries) = due[i];
            var key = expiries == 0 ? $"expiry:{userId}:{lotKey}" : $"expiry:{userId}:{lotKey}:{expiries + 1}";
            balance -= expiring[i];
            var entry = EntryDraft.Transfer(
                key,
                EntryTypes.PointsExpired,
                $"{expiring[i]} points of {lotKey} expired on {expiresAt:yyyy-MM-dd}",
                PayloadHash.Of(key, expiring[i].ToString(System.Globalization.CultureInfo.InvariantCulture)),
                expiresAt,
                wallet,
                expiredAccount,
                expiring[i],
                JsonSerializer.Serialize(
                    new
                    {
                        lot = lotKey,
                        userId,
                        expiresAt,
                    }
                )
            );
            preconditions.Add(new LedgerPrecondition(key, [wallet, expiredAccount], _ => entry));
            expired.Add(new ExpiredLot(userId, lotKey, expiring[i], expiresAt, key, balance));
        }

        if (preconditions.Count > 0)
        {
            await writer.ApplyPreconditionsAsync(connection, preconditions, cancellationToken);
        }

        return expired;
    }

    // Once per lot: the mark is set in the transaction that writes the warning to the outbox. SKIP LOCKED: a lot a debit is drawing now
    // is warned on the next pass.
    private const string ClaimWarningsSql = """
        UPDATE point_lots l SET warned_at = now()
        FROM accounts a, journal_entries e
        WHERE (l.account_id, l.journal_entry_id) IN (
                SELECT account_id, journal_entry_id FROM point_lots
                WHERE remaining > 0 AND warned_at IS NULL AND expires_at > now() AND expires_at <= now() + make_interval(days => @days)
                ORDER BY expires_at
                LIMIT @limit
                FOR UPDATE SKIP LOCKED)
            AND a.id = l.account_id AND e.id = l.journal_entry_id
        RETURNING a.owner_id, e.idempotency_key, l.remaining, l.expires_at
        """;

    /// <summary>Lots expiring within <paramref name="warnDays"/> whose owners were not told yet, marked told.</summary>
    public static async Task<IReadOnlyList<(string UserId, string LotKey, long Points, DateTimeOffset ExpiresAt)>> ClaimWarningsAsync(
        NpgsqlConnection connection,
        int warnDays,
        int limit,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(ClaimWarningsSql, connection);
        command.Parameters.AddWithValue("days", warnDays);
        command.Parameters.AddWithValue("limit", limit);
        var warnings = new List<(string, string, long, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            warnings.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return warnings;
    }

    /// <summary>Users with points to expire now, the longest due first.</summary>
    public static async Task<IReadOnlyList<string>> DueUsersAsync(
        NpgsqlDataSource dataSource,
        int limit,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(DueUsersSql);
        command.Parameters.AddWithValue("limit", limit);
        var users = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(reader.GetString(0));
        }

        return users;
    }

    /// <summary>
    /// How much of each due lot (soonest first) expires, when the first <paramref name="held"/> points are kept for holds: those are the
    /// points a capture draws first.
    /// </summary>
    public static IReadOnlyList<long> Expirable(IReadOnlyList<long> dueRemaining, long held)
    {
        ArgumentNullException.ThrowIfNull(dueRemaining);
        var kept = Math.Max(0, held);
        var expiring = new long[dueRemaining.Count];
        for (var i = 0; i < dueRemaining.Count; i++)
        {
            var keep = Math.Min(kept, dueRemaining[i]);
            kept -= keep;
            expiring[i] = dueRemaining[i] - keep;
        }

        return expiring;
    }
}

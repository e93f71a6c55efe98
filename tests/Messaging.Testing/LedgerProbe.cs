using Npgsql;

namespace Messaging.Testing;

/// <summary>Reads the ledger's rows directly, so tests assert on what the database holds.</summary>
public sealed class LedgerProbe(NpgsqlDataSource dataSource)
{
    public Task<long> EntriesAsync(string? keyPrefix = null) =>
        ScalarAsync("SELECT count(*) FROM journal_entries WHERE idempotency_key LIKE @p", ("p", (keyPrefix ?? "") + "%"));

    public Task<long> EntriesOfTypeAsync(string entryType) =>
        ScalarAsync("SELECT count(*) FROM journal_entries WHERE entry_type = @t", ("t", entryType));

    public Task<long> BalanceAsync(string userId) =>
        ScalarAsync("SELECT coalesce((SELECT current_points FROM user_points WHERE user_id = @u), 0)", ("u", userId));

    public Task<long> PostingsSumAsync(string userId) =>
        ScalarAsync(
            "SELECT coalesce(sum(p.amount), 0) FROM postings p JOIN accounts a ON a.id = p.account_id "
                + "WHERE a.kind = 'user_wallet' AND a.owner_id = @u",
            ("u", userId)
        );

    /// <summary>Points the user's wallet has on hold (0 when it has no wallet yet).</summary>
    public Task<long> HeldAsync(string userId) =>
        ScalarAsync("SELECT coalesce((SELECT held FROM accounts WHERE code = @code), 0)", ("code", $"user:{userId}:wallet"));

    /// <summary>Registers a tenant as an operator would (<c>tenant add</c>), so allocations and recognitions may name it.</summary>
    public async Task RegisterTenantAsync(string tenantId, long? monthlyGivingAllowance = null, string? timeZone = null) =>
        await new Messaging.Ledger.Tenants.TenantDirectory(dataSource).SaveAsync(
            tenantId,
            $"{tenantId} Ltd",
            timeZone,
            monthlyGivingAllowance is not null,
            monthlyGivingAllowance,
            "test",
            CancellationToken.None
        );

    /// <summary>Points in a tenant's pool (0 before its first allocation).</summary>
    public Task<long> PoolAsync(string tenantId) =>
        ScalarAsync("SELECT coalesce((SELECT balance FROM accounts WHERE code = @code), 0)", ("code", $"tenant:{tenantId}:pool"));

    /// <summary>The audit over the whole ledger, as `audit` runs it: clean, and every issued point in a pool, a wallet or spent.</summary>
    public async Task AssertAuditCleanAndConservedAsync()
    {
        var report = await new Messaging.Ledger.Auditing.LedgerAuditor(dataSource).AuditAsync(null, CancellationToken.None);
        Assert.True(
            report.Clean,
            "audit findings: " + string.Join("; ", report.Findings.Select(f => $"[{f.Check}] {f.Subject}: {f.Problem}"))
        );
        Assert.True(
            report.Conserved,
            $"issued {report.PointsIssued} but pools {report.InPools} + wallets {report.InWallets} + spent {report.Spent} "
                + $"+ expired {report.Expired}"
        );
    }

    public Task<long> OutboxAsync() => ScalarAsync("SELECT count(*) FROM outbox_message");

    public Task<long> InboxAsync() => ScalarAsync("SELECT count(*) FROM inbox_state");

    /// <summary>How many of these message ids a transactional endpoint has consumed (committed its inbox claim).</summary>
    public Task<long> ConsumedAsync(params Guid[] messageIds) =>
        ScalarAsync("SELECT count(DISTINCT message_id) FROM inbox_state WHERE message_id = ANY(@ids)", ("ids", messageIds));

    public Task<long> RefusalsAsync(string reasonCode) =>
        ScalarAsync("SELECT count(*) FROM ledger_refusals WHERE reason_code = @c", ("c", reasonCode));

    /// <summary>
    /// Every invariant the ledger promises, as a list of violations (empty when the ledger is sound):
    /// entries balance, cached balances equal their postings, nothing negative that must not be,
    /// all points issued sit somewhere, and wallets' lots hold their balances and agree with their draws.
    /// </summary>
    public async Task<IReadOnlyList<string>> ViolationsAsync()
    {
        const string sql = """
            SELECT 'entry ' || journal_entry_id || ' sums to ' || sum(amount) FROM postings GROUP BY journal_entry_id HAVING sum(amount) <>
                0
            UNION ALL
            SELECT 'account ' || a.code || ' caches ' || a.balance || ' but its postings sum to ' || coalesce(s.total, 0)
            FROM accounts a LEFT JOIN (SELECT account_id, sum(amount) total FROM postings GROUP BY account_id) s ON s.account_id = a.id
            WHERE a.balance <> coalesce(s.total, 0)
            UNION ALL
            SELECT 'account ' || code || ' is negative' FROM accounts WHERE NOT allow_negative AND balance < 0
            UNION ALL
            SELECT 'all balances sum to ' || sum(balance) FROM accounts HAVING sum(balance) <> 0
            UNION ALL
            SELECT 'entry ' || e.idempotency_key || ' has postings recorded at another time than its own'
            FROM journal_entries e JOIN postings p ON p.journal_entry_id = e.id WHERE p.recorded_at <> e.recorded_at
            GROUP BY e.idempotency_key
            UNION ALL
            SELECT 'wallet ' || a.code || ' holds ' || a.balance || ' but its lots ' || coalesce(l.total, 0)
            FROM accounts a LEFT JOIN (SELECT account_id, sum(remaining) total FROM point_lots GROUP BY account_id) l ON l.account_id = a.id
            WHERE a.kind = 'user_wallet' AND a.balance <> coalesce(l.total, 0)
            UNION ALL
            SELECT 'lot ' || l.journal_entry_id || ' of account ' || l.account_id || ' holds ' || l.remaining || ' of ' || l.amount
                || ' but its draws took ' || coalesce(d.total, 0)
            FROM point_lots l
            LEFT JOIN (SELECT account_id, lot_entry_id, sum(amount) total FROM lot_draws GROUP BY 1, 2) d
                ON d.account_id = l.account_id AND d.lot_entry_id = l.journal_entry_id
            WHERE l.amount - l.remaining <> coalesce(d.total, 0)
            """;
        var violations = new List<string>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            violations.Add(reader.GetString(0));
        }

        return violations;
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The first column of every row, as text.</summary>
    public async Task<IReadOnlyList<string>> RowsAsync(string sql)
    {
        var rows = new List<string>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetValue(0).ToString()!);
        }

        return rows;
    }

    /// <summary>The first column of the first row as text; null when there is no row.</summary>
    public async Task<string?> TextAsync(string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}

using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Npgsql;

namespace Messaging.Ledger.Quotas;

/// <summary>Reads of users' token quotas, from their month accounts and the journal: nothing is kept twice.</summary>
public sealed class QuotaQueries(NpgsqlDataSource dataSource)
{
    private const string StatusSql = "SELECT total_credited, balance FROM accounts WHERE code = @code";

    private const string ResetsSql = $"""
        SELECT e.metadata->>'Month', (e.metadata->>'Limit')::bigint,
               coalesce((SELECT (l.metadata->>'Lapsed')::bigint FROM journal_entries l
                         WHERE l.idempotency_key = 'quota-lapse:' || @user || ':' || to_char(to_date(e.metadata->>'Month', 'YYYY-MM') - interval '1 month', 'YYYY-MM')), 0),
               e.recorded_at
        FROM journal_entries e
        WHERE e.entry_type = '{EntryTypes.QuotaReset}' AND e.metadata->>'UserId' = @user
        ORDER BY e.id DESC LIMIT @limit
        """;

    private const string UsageSql = $"""
        SELECT e.metadata->>'Feature', count(*), coalesce(sum(p.amount), 0)::bigint, count(DISTINCT e.metadata->>'UserId')
        FROM journal_entries e JOIN postings p ON p.journal_entry_id = e.id AND p.amount > 0
        WHERE e.entry_type = '{EntryTypes.TokensDeducted}' AND e.metadata->>'Month' = @month
        GROUP BY 1 ORDER BY 3 DESC, 1
        """;

    private const string HealthSql = $"""
        WITH latest AS (
            SELECT owner_id, max(right(code, 7)) AS month FROM accounts
            WHERE kind = '{AccountKinds.TokenQuota}' AND total_credited > 0 GROUP BY owner_id)
        SELECT (SELECT count(*) FROM latest),
               (SELECT count(*) FROM latest WHERE month >= @month),
               (SELECT count(*) FROM latest WHERE month < @month),
               (SELECT coalesce(array_agg(owner_id::text ORDER BY owner_id), ARRAY[]::text[]) FROM (SELECT owner_id FROM latest WHERE month < @month ORDER BY owner_id LIMIT 10) s),
               (SELECT count(*) FROM ledger_refusals WHERE reason_code = '{QuotaRefusalCodes.QuotaExceeded}' AND refused_at > now() - interval '1 day')
        """;

    // A month account exists once opened (credited) or once locked to see what to lapse (not credited): only the first counts.
    private const string StaleUsersSql = $"""
        SELECT owner_id FROM accounts
        WHERE kind = '{AccountKinds.TokenQuota}' AND total_credited > 0
        GROUP BY owner_id HAVING max(right(code, 7)) < @month
        ORDER BY owner_id LIMIT @limit
        """;

    private const string DeductionSql = $"""
        SELECT metadata->>'Month', (metadata->>'MonthlyUsed')::bigint, (metadata->>'MonthlyLimit')::bigint, (metadata->>'MonthlyRemaining')::bigint
        FROM journal_entries WHERE idempotency_key = @key AND entry_type = '{EntryTypes.TokensDeducted}'
        """;

    /// <summary>A user's quota in a month as it stands (zeros when the month has not opened).</summary>
    public async Task<QuotaStatus> StatusAsync(string userId, string month, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(StatusSql);
        command.Parameters.AddWithValue("code", AccountRef.TokenQuota(userId, month).Code);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var (limit, remaining) = await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0L, 0L);
        return new QuotaStatus(userId, month, limit - remaining, limit, remaining);
    }

    /// <summary>A user's month openings, newest first.</summary>
    public async Task<IReadOnlyList<QuotaReset>> ResetsAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ResetsSql);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("limit", limit);
        var resets = new List<QuotaReset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            resets.Add(new QuotaReset(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return resets;
    }

    /// <summary>Usage per feature in a month, most tokens first.</summary>
    public async Task<IReadOnlyList<FeatureUsage>> UsageByFeatureAsync(string month, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(UsageSql);
        command.Parameters.AddWithValue("month", month);
        var rows = new List<FeatureUsage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new FeatureUsage(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return rows;
    }

    public async Task<QuotaHealth> HealthAsync(string month, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(HealthSql);
        command.Parameters.AddWithValue("month", month);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new QuotaHealth(month, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetFieldValue<string[]>(3), reader.GetInt64(4));
    }

    /// <summary>The figures a deduction answered with, as recorded on its entry (null: no such deduction).</summary>
    public async Task<QuotaStatus?> DeductionAsync(string usageId, string userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DeductionSql);
        command.Parameters.AddWithValue("key", TokenDeductions.KeyOf(usageId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new QuotaStatus(userId, reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3))
            : null;
    }

    /// <summary>Users whose latest open quota month is before <paramref name="month"/>: the rollover sweeper's work.</summary>
    public async Task<IReadOnlyList<string>> NotRolledOverAsync(string month, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(StaleUsersSql);
        command.Parameters.AddWithValue("month", month);
        command.Parameters.AddWithValue("limit", limit);
        var users = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(reader.GetString(0));
        }

        return users;
    }
}

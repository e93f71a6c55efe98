using Dapper;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Npgsql;

namespace Messaging.Ledger.Quotas;

// From users' month accounts and the journal: nothing is kept twice.
public sealed class QuotaQueries(NpgsqlDataSource dataSource)
{
    private const string StatusSql = "SELECT total_credited AS limit, balance AS remaining FROM accounts WHERE code = @code";

    private const string ResetsSql = $"""
        SELECT e.metadata->>'Month' AS month, (e.metadata->>'Limit')::bigint AS limit,
               coalesce((SELECT (l.metadata->>'Lapsed')::bigint FROM journal_entries l
                         WHERE l.idempotency_key = 'quota-lapse:' || @user || ':' || to_char(to_date(e.metadata->>'Month', 'YYYY-MM') -
                             interval '1 month', 'YYYY-MM')), 0)
                   AS lapsed_from_previous_month,
               e.recorded_at
        FROM journal_entries e
        WHERE e.entry_type = '{EntryTypes.QuotaReset}' AND e.metadata->>'UserId' = @user
        ORDER BY e.id DESC LIMIT @limit
        """;

    // The postings of the platform's two token accounts (reset: tokens issued; lapse: tokens lapsed), over their index, never the whole
    // journal. A lapse names the month it closes.
    private static readonly string ResetsByMonthSql = $"""
        SELECT e.metadata->>'Month' AS month,
               count(*) FILTER (WHERE e.entry_type = '{EntryTypes.QuotaReset}') AS resets,
               coalesce(sum(-p.amount) FILTER (WHERE e.entry_type = '{EntryTypes.QuotaReset}'), 0)::bigint AS tokens_granted,
               coalesce(sum(p.amount) FILTER (WHERE e.entry_type = '{EntryTypes.QuotaLapse}'), 0)::bigint AS tokens_lapsed
        FROM postings p
        JOIN accounts a ON a.id = p.account_id
        JOIN journal_entries e ON e.id = p.journal_entry_id
        WHERE a.code IN ('{AccountRef.TokenIssuance.Code}', '{AccountRef.TokenLapsed.Code}')
            AND e.entry_type IN ('{EntryTypes.QuotaReset}', '{EntryTypes.QuotaLapse}')
        GROUP BY 1 ORDER BY 1 DESC LIMIT @months
        """;

    private const string UsageSql = $"""
        SELECT e.metadata->>'Feature' AS feature, count(*) AS uses, coalesce(sum(p.amount), 0)::bigint AS tokens, count(DISTINCT
            e.metadata->>'UserId') AS users
        FROM journal_entries e JOIN postings p ON p.journal_entry_id = e.id AND p.amount > 0
        WHERE e.entry_type = '{EntryTypes.TokensDeducted}' AND e.metadata->>'Month' = @month
        GROUP BY 1 ORDER BY 3 DESC, 1
        """;

    private const string HealthSql = $"""
        WITH latest AS (
            SELECT owner_id, max(right(code, 7)) AS month FROM accounts
            WHERE kind = '{AccountKinds.TokenQuota}' AND total_credited > 0 GROUP BY owner_id)
        SELECT (SELECT count(*) FROM latest) AS users,
               (SELECT count(*) FROM latest WHERE month >= @month) AS current,
               (SELECT count(*) FROM latest WHERE month < @month) AS stale,
               (SELECT coalesce(array_agg(owner_id::text ORDER BY owner_id), ARRAY[]::text[]) FROM (SELECT owner_id FROM latest WHERE month
                   < @month ORDER BY owner_id LIMIT 10) s)
                   AS stale_sample,
               (SELECT count(*) FROM ledger_refusals WHERE reason_code = '{QuotaRefusalCodes.QuotaExceeded}' AND refused_at > now() -
                   interval '1 day') AS refused_last_day
        """;

    // A month account exists once opened (credited) or once locked to see what to lapse (not credited): only the first counts.
    private const string StaleUsersSql = $"""
        SELECT owner_id FROM accounts
        WHERE kind = '{AccountKinds.TokenQuota}' AND total_credited > 0
        GROUP BY owner_id HAVING max(right(code, 7)) < @month
        ORDER BY owner_id LIMIT @limit
        """;

    private const string DeductionSql = $"""
        SELECT metadata->>'Month' AS month, (metadata->>'MonthlyUsed')::bigint AS monthly_used, (metadata->>'MonthlyLimit')::bigint AS
            monthly_limit,
               (metadata->>'MonthlyRemaining')::bigint AS monthly_remaining
        FROM journal_entries WHERE idempotency_key = @key AND entry_type = '{EntryTypes.TokensDeducted}'
        """;

    /// <summary>Zeros when the month has not opened.</summary>
    public async Task<QuotaStatus> StatusAsync(string userId, string month, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var quota = await connection.QuerySingleOrDefaultAsync<Quota>(
            new CommandDefinition(StatusSql, new { code = AccountRef.TokenQuota(userId, month).Code }, cancellationToken: cancellationToken)
        ) ?? new Quota(0, 0);
        return new QuotaStatus(userId, month, quota.Limit - quota.Remaining, quota.Limit, quota.Remaining);
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<QuotaReset>> ResetsAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (
            await connection.QueryAsync<QuotaReset>(
                new CommandDefinition(ResetsSql, new { user = userId, limit }, cancellationToken: cancellationToken)
            )
        ).AsList();
    }

    /// <summary>Most tokens first.</summary>
    public async Task<IReadOnlyList<FeatureUsage>> UsageByFeatureAsync(string month, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (
            await connection.QueryAsync<FeatureUsage>(new CommandDefinition(UsageSql, new { month }, cancellationToken: cancellationToken))
        ).AsList();
    }

    public async Task<QuotaHealth> HealthAsync(string month, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var health = await connection.QuerySingleAsync<Health>(
            new CommandDefinition(HealthSql, new { month }, cancellationToken: cancellationToken)
        );
        return new QuotaHealth(month, health.Users, health.Current, health.Stale, health.StaleSample, health.RefusedLastDay);
    }

    /// <summary>The figures a deduction answered with, as recorded on its entry; null: no such deduction.</summary>
    public async Task<QuotaStatus?> DeductionAsync(string usageId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var deduction = await connection.QuerySingleOrDefaultAsync<Deduction>(
            new CommandDefinition(DeductionSql, new { key = TokenDeductions.KeyOf(usageId) }, cancellationToken: cancellationToken)
        );
        return deduction is null
            ? null
            : new QuotaStatus(userId, deduction.Month, deduction.MonthlyUsed, deduction.MonthlyLimit, deduction.MonthlyRemaining);
    }

    /// <summary>The latest <paramref name="months"/> months with a reset or a lapse, newest first.</summary>
    public async Task<IReadOnlyList<QuotaResetMonth>> ResetsByMonthAsync(int months, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (
            await connection.QueryAsync<QuotaResetMonth>(
                new CommandDefinition(ResetsByMonthSql, new { months }, cancellationToken: cancellationToken)
            )
        ).AsList();
    }

    /// <summary>Users whose latest open quota month is before <paramref name="month"/>: the rollover sweeper's work.</summary>
    public async Task<IReadOnlyList<string>> NotRolledOverAsync(string month, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (
            await connection.QueryAsync<string>(
                new CommandDefinition(StaleUsersSql, new { month, limit }, cancellationToken: cancellationToken)
            )
        ).AsList();
    }

    private sealed record Quota(long Limit, long Remaining);

    private sealed record Health(long Users, long Current, long Stale, string[] StaleSample, long RefusedLastDay);

    private sealed record Deduction(string Month, long MonthlyUsed, long MonthlyLimit, long MonthlyRemaining);
}

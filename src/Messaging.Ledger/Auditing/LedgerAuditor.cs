using Dapper;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Chain;
using Messaging.Ledger.Holds;
using Npgsql;

namespace Messaging.Ledger.Auditing;

// Proves the ledger's invariants from its rows, independently of the triggers meant to keep them: a corruption introduced behind their
// back (triggers disabled, a restore gone wrong) shows here. Conservation is shown as well as proved: every point issued sits in a
// tenant's pool, a user's wallet, or the spent sink; giving allowances' and earning caps' usage equals the entries drawn on them, less
// those reversed; a user's lifetime figures equal their postings by type, each reversal counted against what it undoes; what attendance,
// streaks and badges record as paid equals what the journal paid.
public sealed class LedgerAuditor(NpgsqlDataSource dataSource)
{
    private const string FindingsSql = $"""
        SELECT 'entries_balance' AS check, 'entry ' || e.idempotency_key AS subject,
               'postings sum to ' || coalesce(sum(p.amount), 0) || ' over ' || count(p.id) || ' posting(s)' AS problem,
               'investigate how it was written; correct it with a compensating entry' AS action
        FROM journal_entries e LEFT JOIN postings p ON p.journal_entry_id = e.id
        WHERE (@user IS NULL OR e.id IN (SELECT p2.journal_entry_id FROM postings p2 JOIN accounts a2 ON a2.id = p2.account_id WHERE
            a2.owner_id = @user))
        GROUP BY e.id, e.idempotency_key HAVING coalesce(sum(p.amount), 0) <> 0 OR count(p.id) < 2
        UNION ALL
        SELECT 'posting_times', 'entry ' || e.idempotency_key,
               count(*) || ' posting(s) recorded at another time than their entry (' || min(p.recorded_at) || ')',
               'investigate how they were written: a balance as of a time reads the postings'' own times'
        FROM journal_entries e JOIN postings p ON p.journal_entry_id = e.id
        WHERE p.recorded_at <> e.recorded_at
            AND (@user IS NULL OR e.id IN (SELECT p2.journal_entry_id FROM postings p2 JOIN accounts a2 ON a2.id = p2.account_id WHERE
                a2.owner_id = @user))
        GROUP BY e.id, e.idempotency_key
        UNION ALL
        SELECT 'cached_balances', 'account ' || a.code,
               'cached balance ' || a.balance || ' but postings sum to ' || coalesce(s.total, 0),
               'run repair to rebuild cached balances from postings'
        FROM accounts a LEFT JOIN (SELECT account_id, sum(amount) AS total FROM postings GROUP BY account_id) s ON s.account_id = a.id
        WHERE a.balance <> coalesce(s.total, 0) AND (@user IS NULL OR a.owner_id = @user)
        UNION ALL
        SELECT 'not_negative', 'account ' || code, 'balance ' || balance || ' is below zero',
               'find the entries that overdrew it; correct them with compensating entries'
        FROM accounts WHERE NOT allow_negative AND balance < 0 AND (@user IS NULL OR owner_id = @user)
        UNION ALL
        SELECT 'issued_equals_held', 'ledger', 'balances of all accounts sum to ' || sum(balance) || ' instead of 0',
               'run repair, then audit again; if it persists, restore from the last clean backup'
        FROM accounts WHERE @user IS NULL HAVING sum(balance) <> 0
        UNION ALL
        SELECT 'giving_usage', 'limit ' || coalesce(u.limit_key, g.limit_key),
               'records ' || coalesce(u.used, 0) || ' points given but the recognitions drawing on it sum to ' || coalesce(g.total, 0),
               'investigate how it was written (a restore does not bring usage back); '
                   || 'a giver may now be allowed too much or too little this month'
        FROM (SELECT limit_key, used FROM limit_usage WHERE limit_key LIKE 'giving:%' AND used <> 0) u
        FULL JOIN (SELECT e.metadata->>'LimitKey' AS limit_key, sum(p.amount) AS total
                   FROM journal_entries e JOIN postings p ON p.journal_entry_id = e.id AND p.amount > 0
                   WHERE e.entry_type = '{Journal.EntryTypes.Recognition}' AND NOT EXISTS (SELECT 1 FROM journal_entries r
                       WHERE r.idempotency_key = '{Corrections.EntryReversal.KeyPrefix}' || e.idempotency_key)
                   GROUP BY 1) g ON g.limit_key = u.limit_key
        WHERE @user IS NULL AND coalesce(u.used, 0) <> coalesce(g.total, 0)
        UNION ALL
        SELECT 'earning_cap_usage', 'limit ' || coalesce(u.limit_key, g.limit_key),
               'records ' || coalesce(u.used, 0) || ' points earned but the entries drawing on it, less those reversed, credit '
                   || coalesce(g.total, 0),
               'investigate how it was written (a restore does not bring usage back); '
                   || 'the user may now earn too much or too little in that period'
        FROM (SELECT limit_key, used FROM limit_usage WHERE limit_key LIKE 'earning:%' AND used <> 0) u
        FULL JOIN (SELECT k.limit_key, sum(p.amount) AS total
                   FROM journal_entries e JOIN postings p ON p.journal_entry_id = e.id AND p.amount > 0
                   CROSS JOIN LATERAL jsonb_array_elements_text(e.metadata -> '{Earning.EarningCaps.KeysField}') AS k(limit_key)
                   WHERE e.entry_type = '{Journal.EntryTypes.OrderEarned}' AND NOT EXISTS (SELECT 1 FROM journal_entries r
                       WHERE r.idempotency_key = '{Corrections.EntryReversal.KeyPrefix}' || e.idempotency_key)
                   GROUP BY 1) g ON g.limit_key = u.limit_key
        WHERE (@user IS NULL OR coalesce(u.limit_key, g.limit_key) LIKE 'earning:' || @user || ':%')
            AND coalesce(u.used, 0) <> coalesce(g.total, 0)
        UNION ALL
        SELECT 'lifetime_figures', 'user ' || f.user_id,
               'lifetime earned ' || f.lifetime_earned || ' and redeemed ' || f.lifetime_redeemed || ', but the postings by type, '
                   || 'each reversal counted against the entry it undoes, give ' || coalesce(j.earned, 0) || ' and '
                   || coalesce(j.redeemed, 0),
               'investigate the wallet''s reversals and refunds (`history ' || f.user_id || '`): a reversal must undo a whole entry '
                   || 'of a reversible type, and a refund must be its redemption''s'
        FROM user_points f
        JOIN accounts a ON a.code = 'user:' || f.user_id || ':wallet'
        LEFT JOIN (SELECT p.account_id,
                          coalesce(sum(p.amount) FILTER (WHERE e.entry_type NOT IN ('{Journal.EntryTypes.Reversal}',
                              '{Journal.EntryTypes.RedemptionRefund}') AND p.amount > 0), 0)
                              + coalesce(sum(p.amount) FILTER (WHERE e.entry_type = '{Journal.EntryTypes.Reversal}' AND p.amount < 0), 0)
                              AS earned,
                          coalesce(-sum(p.amount) FILTER (WHERE e.entry_type NOT IN ('{Journal.EntryTypes.Reversal}',
                              '{Journal.EntryTypes.PointsExpired}') AND p.amount < 0), 0)
                              - coalesce(sum(p.amount) FILTER (WHERE e.entry_type = '{Journal.EntryTypes.Reversal}' AND p.amount > 0), 0)
                              AS redeemed
                   FROM postings p JOIN journal_entries e ON e.id = p.journal_entry_id
                   WHERE @user IS NULL OR p.account_id = (SELECT id FROM accounts WHERE code = 'user:' || @user || ':wallet')
                   GROUP BY p.account_id) j ON j.account_id = a.id
        WHERE (coalesce(j.earned, 0) <> f.lifetime_earned OR coalesce(j.redeemed, 0) <> f.lifetime_redeemed)
            AND (@user IS NULL OR f.user_id = @user)
        UNION ALL
        SELECT 'attendance_paid', 'user ' || coalesce(x.user_id, j.user_id),
               'attendance records ' || coalesce(x.total, 0) || ' points (attendances, streak bonuses, badge levels) but the journal pays '
                   || coalesce(j.total, 0),
               'investigate how it was written (a restore does not bring the attendance tables back); '
                   || 'further streak bonuses and badges would be paid from the wrong figures'
        FROM (SELECT user_id, sum(points) AS total FROM (
                  SELECT user_id, points FROM attendances
                  UNION ALL SELECT user_id, bonus_paid FROM attendance_streaks
                  UNION ALL SELECT user_id, points FROM attendance_badges) t GROUP BY user_id) x
        FULL JOIN (SELECT a.owner_id AS user_id, sum(p.amount) AS total
                   FROM journal_entries e JOIN postings p ON p.journal_entry_id = e.id AND p.amount > 0 JOIN accounts a ON a.id =
                       p.account_id
                   WHERE e.entry_type IN ('{Journal.EntryTypes.Attendance}', '{Journal.EntryTypes.StreakBonus}',
                       '{Journal.EntryTypes.BadgeAward}')
                   GROUP BY 1) j ON j.user_id = x.user_id
        WHERE coalesce(x.total, 0) <> coalesce(j.total, 0) AND (@user IS NULL OR coalesce(x.user_id, j.user_id) = @user)
        UNION ALL
        SELECT 'lots_equal_balance', 'account ' || a.code,
               'balance ' || a.balance || ' but its lots hold ' || coalesce(l.total, 0),
               'investigate how its postings were written: spending and expiry draw on the lots'
        FROM accounts a LEFT JOIN (SELECT account_id, sum(remaining) AS total FROM point_lots GROUP BY account_id) l ON l.account_id = a.id
        WHERE a.kind = '{AccountKinds.UserWallet}' AND a.balance <> coalesce(l.total, 0) AND (@user IS NULL OR a.owner_id = @user)
        UNION ALL
        SELECT 'lots_equal_credits', 'entry ' || e.idempotency_key,
               'lot of ' || l.amount || ' on ' || a.code || ' but the entry credits it ' || coalesce(p.total, 0),
               'investigate how the lot was written; a lot is opened by the posting trigger only'
        FROM point_lots l JOIN accounts a ON a.id = l.account_id JOIN journal_entries e ON e.id = l.journal_entry_id
        LEFT JOIN LATERAL (SELECT sum(amount) AS total FROM postings WHERE journal_entry_id = l.journal_entry_id AND account_id =
            l.account_id AND amount > 0) p ON true
        -- A lot the PointLots migration made holds what was left of its credit, so it may be smaller.
        WHERE l.amount > coalesce(p.total, 0) AND (@user IS NULL OR a.owner_id = @user)
        UNION ALL
        SELECT 'lot_draws', 'entry ' || e.idempotency_key,
               'lot of ' || l.amount || ' on ' || a.code || ' holds ' || l.remaining || ' but its draws took ' || coalesce(d.total, 0),
               'investigate how the lot was drawn; a lot is drawn by the posting trigger only'
        FROM point_lots l JOIN accounts a ON a.id = l.account_id JOIN journal_entries e ON e.id = l.journal_entry_id
        LEFT JOIN (SELECT account_id, lot_entry_id, sum(amount) AS total FROM lot_draws GROUP BY 1, 2) d
            ON d.account_id = l.account_id AND d.lot_entry_id = l.journal_entry_id
        WHERE l.amount - l.remaining <> coalesce(d.total, 0) AND (@user IS NULL OR a.owner_id = @user)
        UNION ALL
        SELECT 'debits_drawn', 'entry ' || e.idempotency_key,
               'debits ' || -p.total || ' from ' || a.code || ' but draws ' || coalesce(d.total, 0) || ' from its lots',
               'investigate how the entry was written; every wallet debit is paid by lots'
        FROM (SELECT journal_entry_id, account_id, sum(amount) AS total FROM postings WHERE amount < 0 GROUP BY 1, 2) p
        JOIN accounts a ON a.id = p.account_id AND a.kind = '{AccountKinds.UserWallet}'
        JOIN journal_entries e ON e.id = p.journal_entry_id
        LEFT JOIN (SELECT journal_entry_id, account_id, sum(amount) AS total FROM lot_draws GROUP BY 1, 2) d
            ON d.journal_entry_id = p.journal_entry_id AND d.account_id = p.account_id
        -- Debits recorded before lots were kept drew nothing: only those after the first lot draw.
        WHERE -p.total <> coalesce(d.total, 0) AND e.id > coalesce((SELECT min(journal_entry_id) - 1 FROM lot_draws), 9223372036854775807)
            AND (@user IS NULL OR a.owner_id = @user)
        UNION ALL
        SELECT 'held_equals_holds', 'account ' || a.code,
               'held ' || a.held || ' but its active holds sum to ' || coalesce(h.total, 0),
               'run repair to rebuild held points from active holds'
        FROM accounts a LEFT JOIN (SELECT account_id, sum(amount) AS total FROM ledger_holds WHERE status = '{HoldStatuses.Active}' GROUP BY
            account_id) h ON h.account_id = a.id
        WHERE a.held <> coalesce(h.total, 0) AND (@user IS NULL OR a.owner_id = @user)
        UNION ALL
        SELECT 'available_not_negative', 'account ' || code,
               'balance ' || balance || ' minus held ' || held || ' leaves ' || (balance - held) || ' available, below zero',
               'run repair if held is wrong; otherwise void the holds that overdraw it or correct the balance with a compensating entry'
        FROM accounts WHERE NOT allow_negative AND balance - held < 0 AND (@user IS NULL OR owner_id = @user)
        UNION ALL
        SELECT 'expired_holds', 'hold ' || h.hold_key,
               'active hold of ' || h.amount || ' on ' || a.code || ' expired at ' || to_char(h.expires_at AT TIME ZONE 'UTC',
                   'YYYY-MM-DD HH24:MI:SS"Z"') || ' and was not voided',
               'is the processor running? its redemption sweeper voids expired holds'
        FROM ledger_holds h JOIN accounts a ON a.id = h.account_id
        WHERE h.status = '{HoldStatuses.Active}' AND h.expires_at < now() - interval '1 minute' AND (@user IS NULL OR a.owner_id = @user)
        UNION ALL
        SELECT 'stuck_redemptions', 'redemption ' || s.correlation_id,
               'saga in state ' || s.current_state || ' has no outcome; its deadline ' || to_char(s.deadline_at AT TIME ZONE 'UTC',
                   'YYYY-MM-DD HH24:MI:SS"Z"') || ' is more than 10 minutes past',
               'run `dlq list` and look for its messages in the ledger-redemptions queues (ledger-redemptions_error); '
                   || 'check the processor is running and consuming ledger-redemptions'
        FROM redemption_sagas s
        WHERE s.outcome IS NULL AND s.deadline_at < now() - interval '10 minutes' AND (@user IS NULL OR s.user_id = @user)
        UNION ALL
        SELECT 'completed_redemptions', 'redemption ' || s.correlation_id,
               'saga completed but ' || concat_ws(' and ',
                   CASE WHEN r.id IS NULL THEN 'has no redemptions row' END,
                   CASE WHEN h.id IS NULL THEN 'has no captured hold ' || 'redemption:' || s.correlation_id END),
               'investigate its messages and the redemption entry (`history ' || s.user_id ||
                   '`); the user was promised a reward the ledger does not fully show'
        FROM redemption_sagas s
        LEFT JOIN redemptions r ON r.id = s.correlation_id
        LEFT JOIN ledger_holds h ON h.hold_key = 'redemption:' || s.correlation_id AND h.status = '{HoldStatuses.Captured}'
        WHERE s.outcome = 'completed' AND (r.id IS NULL OR h.id IS NULL) AND (@user IS NULL OR s.user_id = @user)
        """;

    private const string FiguresSql = $"""
        SELECT (SELECT count(*) FROM accounts) AS accounts,
               (SELECT count(*) FROM journal_entries) AS entries,
               (SELECT count(*) FROM postings) AS postings,
               (SELECT coalesce(-sum(balance), 0)::bigint FROM accounts WHERE kind = '{AccountKinds.PlatformIssuance}') AS points_issued,
               (SELECT count(*) FROM outbox_message) AS outbox_pending,
               (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM outbox_message) AS oldest_outbox_age_seconds,
               (SELECT count(*) FROM inbox_state) AS inbox_size,
               (SELECT count(*) FROM ledger_holds WHERE status = '{HoldStatuses.Active}') AS active_holds,
               (SELECT coalesce(sum(amount), 0)::bigint FROM ledger_holds WHERE status = '{HoldStatuses.Active}') AS held_points,
               (SELECT count(*) FROM redemption_sagas WHERE outcome IS NULL) AS open_redemptions,
               (SELECT coalesce(sum(balance), 0)::bigint FROM accounts WHERE kind = '{AccountKinds.TenantPool}') AS in_pools,
               (SELECT coalesce(sum(balance), 0)::bigint FROM accounts WHERE kind = '{AccountKinds.UserWallet}') AS in_wallets,
               (SELECT coalesce(sum(balance), 0)::bigint FROM accounts WHERE kind = '{AccountKinds.PlatformRedemptions}') AS spent,
               (SELECT coalesce(sum(balance), 0)::bigint FROM accounts WHERE kind = '{AccountKinds.UserExpired}') AS expired
        """;

    private const string IssuedByAccountSql =
        $"SELECT code, -balance AS issued FROM accounts WHERE kind = '{AccountKinds.PlatformIssuance}' ORDER BY code";

    /// <summary>Only what concerns <paramref name="userId"/> when given.</summary>
    public Task<AuditReport> AuditAsync(string? userId, CancellationToken cancellationToken) => AuditAsync(userId, null, cancellationToken);

    /// <param name="userId">Only what concerns this user's wallet; the chain, when verified, is the whole journal's.</param>
    /// <param name="chain">Also recompute the whole hash chain and compare these checkpoints with it; none (null) skips the chain.</param>
    /// <param name="cancellationToken">Stops the audit.</param>
    public async Task<AuditReport> AuditAsync(string? userId, IReadOnlyList<ChainCheckpoint>? chain, CancellationToken cancellationToken)
    {
        var verification = chain is null ? null : await new JournalChain(dataSource).VerifyAsync(chain, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var findings = (
            await connection.QueryAsync<AuditFinding>(
                new CommandDefinition(FindingsSql, new { user = userId }, cancellationToken: cancellationToken)
            )
        ).AsList();
        var issuedByAccount = (
            await connection.QueryAsync<IssuanceAccount>(new CommandDefinition(IssuedByAccountSql, cancellationToken: cancellationToken))
        ).ToDictionary(a => a.Code, a => a.Issued, StringComparer.Ordinal);
        var figures = await connection.QuerySingleAsync<Figures>(new CommandDefinition(FiguresSql, cancellationToken: cancellationToken));
        return new AuditReport(
            [.. findings, .. verification?.Findings ?? []],
            figures.Accounts,
            figures.Entries,
            figures.Postings,
            figures.PointsIssued,
            figures.OutboxPending,
            figures.OldestOutboxAgeSeconds,
            figures.InboxSize,
            figures.ActiveHolds,
            figures.HeldPoints,
            figures.OpenRedemptions
        )
        {
            InPools = figures.InPools,
            InWallets = figures.InWallets,
            Spent = figures.Spent,
            Expired = figures.Expired,
            IssuedByAccount = issuedByAccount,
            Chain = verification,
        };
    }

    private sealed record IssuanceAccount(string Code, long Issued);

    private sealed record Figures(
        long Accounts,
        long Entries,
        long Postings,
        long PointsIssued,
        long OutboxPending,
        double? OldestOutboxAgeSeconds,
        long InboxSize,
        long ActiveHolds,
        long HeldPoints,
        long OpenRedemptions,
        long InPools,
        long InWallets,
        long Spent,
        long Expired
    );
}

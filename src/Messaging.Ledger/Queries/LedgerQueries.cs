using Dapper;
using Messaging.Ledger.Accounts;
using Npgsql;

namespace Messaging.Ledger.Queries;

// The ledger's read side for every adapter that shows it (the admin CLI, the HTTP API): plain records, each query's SQL and column
// mapping here and nowhere else (Dapper maps columns to records by name).
public sealed class LedgerQueries(NpgsqlDataSource dataSource)
{
    private const string UserFiguresSql = """
        SELECT user_id, current_points, held_points, available_points, lifetime_earned, lifetime_redeemed, last_earned_at,
               lifetime_refunded, lifetime_expired
        FROM user_points WHERE user_id = @user
        """;

    private const string TotalsSql = """
        SELECT count(*) AS users, coalesce(sum(current_points), 0)::bigint AS current_points,
               coalesce(sum(lifetime_earned), 0)::bigint AS lifetime_earned, coalesce(sum(lifetime_redeemed), 0)::bigint AS
                   lifetime_redeemed
        FROM user_points
        """;

    private const string TopUsersSql = """
        SELECT user_id, current_points, lifetime_earned FROM user_points
        ORDER BY current_points DESC, user_id LIMIT @top
        """;

    private const string HistorySql = $"""
        SELECT e.id, e.idempotency_key, e.entry_type, e.description, e.recorded_at, a.code, p.amount
        FROM journal_entries e
        JOIN postings p ON p.journal_entry_id = e.id
        JOIN accounts a ON a.id = p.account_id
        WHERE e.id IN (
            SELECT p2.journal_entry_id FROM postings p2 JOIN accounts w ON w.id = p2.account_id
            WHERE w.kind = '{AccountKinds.UserWallet}' AND w.owner_id = @user
            ORDER BY p2.recorded_at DESC, p2.journal_entry_id DESC LIMIT @limit)
        ORDER BY e.recorded_at DESC, e.id DESC, p.id
        """;

    private const string EntrySql = """
        SELECT e.id, e.idempotency_key, e.entry_type, e.description, e.recorded_at, a.code, p.amount,
               e.occurred_at, e.source_message_id, e.payload_hash, e.metadata::text, e.trace_id
        FROM journal_entries e
        JOIN postings p ON p.journal_entry_id = e.id
        JOIN accounts a ON a.id = p.account_id
        WHERE e.idempotency_key = @key OR e.id::text = @key
        ORDER BY p.id
        """;

    private const string EarnedSql = $"""
        SELECT date_trunc(@unit, e.recorded_at AT TIME ZONE 'UTC')::date AS period, e.entry_type, count(DISTINCT e.id) AS entries,
            sum(p.amount)::bigint AS points
        FROM journal_entries e
        JOIN postings p ON p.journal_entry_id = e.id
        JOIN accounts a ON a.id = p.account_id
        WHERE a.kind = '{AccountKinds.UserWallet}' AND p.amount > 0
          AND e.recorded_at >= @from AND e.recorded_at < @to
        GROUP BY 1, 2
        ORDER BY 1, 2
        """;

    // One range of ix_postings_account_id_recorded_at, read from the index alone (it includes the amount). Null: no wallet.
    private const string BalanceAtSql = $"""
        SELECT w.owner_id AS user_id, @at AS at, coalesce(sum(p.amount), 0)::bigint AS points,
               coalesce(sum(greatest(p.amount, 0)), 0)::bigint AS credited, coalesce(sum(greatest(-p.amount, 0)), 0)::bigint AS debited,
               count(p.amount) AS postings
        FROM accounts w LEFT JOIN postings p ON p.account_id = w.id AND p.recorded_at <= @at
        WHERE w.kind = '{AccountKinds.UserWallet}' AND w.owner_id = @user
        GROUP BY w.owner_id
        """;

    private const string RedemptionsSql = """
        SELECT id, reward_id, reward_name, points, status, voucher_code, redeemed_at, expires_at, used_at
        FROM redemptions WHERE user_id = @user
        ORDER BY redeemed_at DESC, id
        LIMIT @limit
        """;

    /// <summary>Null when nothing was ever credited to the user.</summary>
    public async Task<UserFigures?> UserFiguresAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<UserFigures>(
            new CommandDefinition(UserFiguresSql, new { user = userId }, cancellationToken: cancellationToken)
        );
    }

    /// <summary>Null when the user has no wallet.</summary>
    public async Task<BalanceAt?> BalanceAtAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<BalanceAt>(
            new CommandDefinition(BalanceAtSql, new { user = userId, at = at.ToUniversalTime() }, cancellationToken: cancellationToken)
        );
    }

    public async Task<LedgerSummary> SummaryAsync(int top, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var totals = await connection.QuerySingleAsync<Totals>(new CommandDefinition(TotalsSql, cancellationToken: cancellationToken));
        var users = await connection.QueryAsync<SummaryUser>(
            new CommandDefinition(TopUsersSql, new { top }, cancellationToken: cancellationToken)
        );
        return new LedgerSummary(totals.Users, totals.CurrentPoints, totals.LifetimeEarned, totals.LifetimeRedeemed, users.AsList());
    }

    /// <summary>Newest first, each with all its postings.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EntryPostingRow>(
            new CommandDefinition(HistorySql, new { user = userId, limit }, cancellationToken: cancellationToken)
        );
        return Group(rows);
    }

    // Rows of entries and their postings, in entry order, into entries that each hold their postings.
    private static List<HistoryEntry> Group(IEnumerable<EntryPostingRow> rows)
    {
        var entries = new List<(HistoryEntry Entry, List<HistoryPosting> Postings)>();
        foreach (var row in rows)
        {
            if (entries.Count == 0 || entries[^1].Entry.Id != row.Id)
            {
                var postings = new List<HistoryPosting>();
                entries.Add(
                    (new HistoryEntry(row.Id, row.IdempotencyKey, row.EntryType, row.Description, row.RecordedAt, postings), postings)
                );
            }

            entries[^1].Postings.Add(new HistoryPosting(row.Code, row.Amount));
        }

        return entries.Select(e => e.Entry).ToList();
    }

    /// <summary>
    /// A page of the whole journal, newest first, each entry with all its postings. Paged by id (keyset: <paramref name="before"/>
    /// is the previous page's <see cref="EntryPage.Next"/>), so a page costs the same however deep it is and entries written
    /// meanwhile never shift it. Only the filters given are in the SQL, so each is planned on its own index.
    /// </summary>
    public async Task<EntryPage> EntriesAsync(EntryFilter filter, int limit, long? before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var conditions = new List<string>();
        if (before is not null)
        {
            conditions.Add("e.id < @before");
        }

        if (filter.EntryType is not null)
        {
            conditions.Add("e.entry_type = @type");
        }

        if (filter.Since is not null)
        {
            conditions.Add("e.recorded_at >= @since");
        }

        if (filter.Until is not null)
        {
            conditions.Add("e.recorded_at < @until");
        }

        if (filter.User is not null)
        {
            conditions.Add(
                $"e.id IN (SELECT p.journal_entry_id FROM postings p JOIN accounts w ON w.id = p.account_id "
                    + $"WHERE w.kind = '{AccountKinds.UserWallet}' AND w.owner_id = @user)"
            );
        }

        if (filter.Tenant is not null)
        {
            conditions.Add(
                "e.id IN (SELECT p.journal_entry_id FROM postings p JOIN accounts t ON t.id = p.account_id WHERE t.tenant_id = @tenant)"
            );
        }

        var sql = $"""
            SELECT e.id, e.idempotency_key, e.entry_type, e.description, e.recorded_at, a.code, p.amount
            FROM (
                SELECT e.id FROM journal_entries e
                {(conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions))}
                ORDER BY e.id DESC LIMIT @limit
            ) page
            JOIN journal_entries e ON e.id = page.id
            JOIN postings p ON p.journal_entry_id = e.id
            JOIN accounts a ON a.id = p.account_id
            ORDER BY e.id DESC, p.id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EntryPostingRow>(
            new CommandDefinition(
                sql,
                new
                {
                    before,
                    type = filter.EntryType,
                    since = filter.Since?.ToUniversalTime(),
                    until = filter.Until?.ToUniversalTime(),
                    user = filter.User,
                    tenant = filter.Tenant,
                    // One more than asked: whether an older page exists.
                    limit = limit + 1,
                },
                cancellationToken: cancellationToken
            )
        );
        var entries = Group(rows);
        return entries.Count > limit ? new EntryPage(entries[..limit], entries[limit - 1].Id) : new EntryPage(entries, null);
    }

    /// <summary>By idempotency key or numeric id; null when there is none.</summary>
    public async Task<EntryDetail?> EntryAsync(string keyOrId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (
            await connection.QueryAsync<EntryDetailRow>(
                new CommandDefinition(EntrySql, new { key = keyOrId }, cancellationToken: cancellationToken)
            )
        ).AsList();
        if (rows.Count == 0)
        {
            return null;
        }

        // The first row describes the entry; every row brings one of its postings.
        var first = rows[0];
        return new EntryDetail(
            new HistoryEntry(
                first.Id,
                first.IdempotencyKey,
                first.EntryType,
                first.Description,
                first.RecordedAt,
                rows.Select(r => new HistoryPosting(r.Code, r.Amount)).ToList()
            ),
            first.OccurredAt,
            first.SourceMessageId,
            first.PayloadHash,
            first.Metadata,
            first.TraceId
        );
    }

    /// <summary>Points credited to user wallets per period and entry type; the end is excluded.</summary>
    public async Task<IReadOnlyList<EarnedRow>> EarnedAsync(
        EarnedPeriod by,
        DateTimeOffset from,
        DateTimeOffset to,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new
        {
            unit = by == EarnedPeriod.Week ? "week" : "day",
            from = from.ToUniversalTime(),
            to = to.ToUniversalTime(),
        };
        return (
            await connection.QueryAsync<EarnedRow>(new CommandDefinition(EarnedSql, parameters, cancellationToken: cancellationToken))
        ).AsList();
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<RedemptionRow>> RedemptionsAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (
            await connection.QueryAsync<RedemptionRow>(
                new CommandDefinition(RedemptionsSql, new { user = userId, limit }, cancellationToken: cancellationToken)
            )
        ).AsList();
    }

    private sealed record Totals(long Users, long CurrentPoints, long LifetimeEarned, long LifetimeRedeemed);

    // One posting of an entry, with the entry's own columns repeated on each.
    private sealed record EntryPostingRow(
        long Id,
        string IdempotencyKey,
        string EntryType,
        string Description,
        DateTimeOffset RecordedAt,
        string Code,
        long Amount
    );

    private sealed record EntryDetailRow(
        long Id,
        string IdempotencyKey,
        string EntryType,
        string Description,
        DateTimeOffset RecordedAt,
        string Code,
        long Amount,
        DateTimeOffset OccurredAt,
        Guid? SourceMessageId,
        string PayloadHash,
        string Metadata,
        string? TraceId
    );
}

using Messaging.Ledger.Accounts;
using Npgsql;

namespace Messaging.Ledger.Queries;

/// <summary>
/// The ledger's read side, for every adapter that shows it (the admin CLI today, the HTTP API next): plain
/// records, each query's SQL and column mapping here and nowhere else.
/// </summary>
public sealed class LedgerQueries(NpgsqlDataSource dataSource)
{
    private const string UserFiguresSql = """
        SELECT user_id, current_points, held_points, available_points, lifetime_earned, lifetime_redeemed, last_earned_at, lifetime_refunded
        FROM user_points WHERE user_id = @user
        """;

    private const string TotalsSql = """
        SELECT count(*), coalesce(sum(current_points), 0), coalesce(sum(lifetime_earned), 0), coalesce(sum(lifetime_redeemed), 0)
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
            ORDER BY p2.journal_entry_id DESC LIMIT @limit)
        ORDER BY e.id DESC, p.id
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
        SELECT date_trunc(@unit, e.recorded_at AT TIME ZONE 'UTC') AS period, e.entry_type, count(DISTINCT e.id), sum(p.amount)
        FROM journal_entries e
        JOIN postings p ON p.journal_entry_id = e.id
        JOIN accounts a ON a.id = p.account_id
        WHERE a.kind = '{AccountKinds.UserWallet}' AND p.amount > 0
          AND e.recorded_at >= @from AND e.recorded_at < @to
        GROUP BY 1, 2
        ORDER BY 1, 2
        """;

    private const string RedemptionsSql = """
        SELECT id, reward_id, reward_name, points, status, voucher_code, redeemed_at, expires_at, used_at
        FROM redemptions WHERE user_id = @user
        ORDER BY redeemed_at DESC, id
        LIMIT @limit
        """;

    /// <summary>A user's figures, or null when nothing was ever credited to them.</summary>
    public async Task<UserFigures?> UserFiguresAsync(string userId, CancellationToken cancellationToken)
    {
        await using var query = dataSource.CreateCommand(UserFiguresSql);
        query.Parameters.AddWithValue("user", userId);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new UserFigures(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.GetInt64(7))
            : null;
    }

    public async Task<LedgerSummary> SummaryAsync(int top, CancellationToken cancellationToken)
    {
        LedgerSummary summary;
        await using (var totals = dataSource.CreateCommand(TotalsSql))
        await using (var reader = await totals.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            summary = new LedgerSummary(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), []);
        }

        var users = new List<SummaryUser>();
        await using (var list = dataSource.CreateCommand(TopUsersSql))
        {
            list.Parameters.AddWithValue("top", top);
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                users.Add(new SummaryUser(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        return summary with { TopUsers = users };
    }

    /// <summary>The user's latest entries (newest first), each with all its postings.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        await using var query = dataSource.CreateCommand(HistorySql);
        query.Parameters.AddWithValue("user", userId);
        query.Parameters.AddWithValue("limit", limit);
        var entries = new List<(HistoryEntry Entry, List<HistoryPosting> Postings)>();
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                if (entries.Count == 0 || entries[^1].Entry.Id != id)
                {
                    var postings = new List<HistoryPosting>();
                    entries.Add((new HistoryEntry(id, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), postings), postings));
                }

                entries[^1].Postings.Add(new HistoryPosting(reader.GetString(5), reader.GetInt64(6)));
            }
        }

        return entries.Select(e => e.Entry).ToList();
    }

    /// <summary>One entry by idempotency key or numeric id, or null when there is none.</summary>
    public async Task<EntryDetail?> EntryAsync(string keyOrId, CancellationToken cancellationToken)
    {
        await using var query = dataSource.CreateCommand(EntrySql);
        query.Parameters.AddWithValue("key", keyOrId);
        EntryDetail? detail = null;
        var postings = new List<HistoryPosting>();
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                detail ??= new EntryDetail(
                    new HistoryEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), postings),
                    reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetGuid(8), reader.GetString(9), reader.GetString(10),
                    reader.IsDBNull(11) ? null : reader.GetString(11));
                postings.Add(new HistoryPosting(reader.GetString(5), reader.GetInt64(6)));
            }
        }

        return detail;
    }

    /// <summary>Points credited to user wallets per period and entry type, between two instants (end excluded).</summary>
    public async Task<IReadOnlyList<EarnedRow>> EarnedAsync(EarnedPeriod by, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var query = dataSource.CreateCommand(EarnedSql);
        query.Parameters.AddWithValue("unit", by == EarnedPeriod.Week ? "week" : "day");
        query.Parameters.AddWithValue("from", from.ToUniversalTime());
        query.Parameters.AddWithValue("to", to.ToUniversalTime());
        var rows = new List<EarnedRow>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new EarnedRow(DateOnly.FromDateTime(reader.GetDateTime(0)), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return rows;
    }

    /// <summary>A user's completed redemptions, newest first.</summary>
    public async Task<IReadOnlyList<RedemptionRow>> RedemptionsAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        await using var query = dataSource.CreateCommand(RedemptionsSql);
        query.Parameters.AddWithValue("user", userId);
        query.Parameters.AddWithValue("limit", limit);
        var redemptions = new List<RedemptionRow>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            redemptions.Add(new RedemptionRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return redemptions;
    }
}

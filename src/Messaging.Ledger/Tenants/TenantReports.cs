using Messaging.Ledger.Journal;
using Npgsql;

namespace Messaging.Ledger.Tenants;

/// <summary>
/// Seed 002's reports, read from the journal (through the allocation log view for allocations and clawbacks): a
/// figure here can never disagree with the ledger, because no figure is kept anywhere else.
/// </summary>
public sealed class TenantReports(NpgsqlDataSource dataSource)
{
    private const string AllocationsSql = """
        SELECT date_trunc(@unit, recorded_at AT TIME ZONE 'UTC') AS period,
               count(*) FILTER (WHERE kind = 'allocation'), coalesce(sum(points) FILTER (WHERE kind = 'allocation'), 0),
               count(*) FILTER (WHERE kind = 'clawback'), coalesce(-sum(points) FILTER (WHERE kind = 'clawback'), 0),
               count(DISTINCT tenant_id)
        FROM tenant_allocation_log
        WHERE recorded_at >= @from AND recorded_at < @to
        GROUP BY 1
        ORDER BY 1
        """;

    private const string ActivitySql = $"""
        SELECT t.tenant_id, t.name,
               count(*) FILTER (WHERE e.entry_type = '{EntryTypes.TenantAllocation}'),
               coalesce(sum(p.amount) FILTER (WHERE e.entry_type = '{EntryTypes.TenantAllocation}'), 0),
               coalesce(-sum(p.amount) FILTER (WHERE e.entry_type = '{EntryTypes.TenantClawback}'), 0),
               count(*) FILTER (WHERE e.entry_type = '{EntryTypes.Recognition}'),
               coalesce(-sum(p.amount) FILTER (WHERE e.entry_type = '{EntryTypes.Recognition}'), 0),
               coalesce(a.balance, 0) AS pool
        FROM tenants t
        LEFT JOIN accounts a ON a.code = 'tenant:' || t.tenant_id || ':pool'
        LEFT JOIN postings p ON p.account_id = a.id
        LEFT JOIN journal_entries e ON e.id = p.journal_entry_id
        GROUP BY t.tenant_id, a.balance
        ORDER BY CASE WHEN @by_received THEN coalesce(sum(p.amount) FILTER (WHERE e.entry_type = '{EntryTypes.TenantAllocation}'), 0) ELSE coalesce(a.balance, 0) END DESC,
                 t.tenant_id
        LIMIT @top
        """;

    private const string MovementsSql = """
        SELECT e.id, e.entry_type,
               coalesce(e.metadata->>'AllocationId', e.metadata->>'ClawbackId', e.metadata->>'RecognitionId', e.idempotency_key),
               p.amount,
               coalesce(e.metadata->>'GiverId' || ' → ' || (e.metadata->>'ReceiverId'), e.metadata->>'RequestedBy', ''),
               coalesce(e.metadata->>'ReferenceNote', e.metadata->>'Reason' || coalesce(' (shortfall ' || nullif(e.metadata->>'Shortfall', '0') || ')', ''),
                        e.metadata->>'Message', e.description),
               e.occurred_at
        FROM accounts a
        JOIN postings p ON p.account_id = a.id
        JOIN journal_entries e ON e.id = p.journal_entry_id
        WHERE a.code = 'tenant:' || @tenant || ':pool'
        ORDER BY e.id DESC
        LIMIT @limit
        """;

    /// <summary>Allocations and clawbacks per UTC day or week (starting on Monday) in [from, to).</summary>
    public async Task<IReadOnlyList<AllocationPeriodRow>> AllocationsAsync(bool byWeek, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var query = dataSource.CreateCommand(AllocationsSql);
        query.Parameters.AddWithValue("unit", byWeek ? "week" : "day");
        query.Parameters.AddWithValue("from", from.ToUniversalTime());
        query.Parameters.AddWithValue("to", to.ToUniversalTime());
        var rows = new List<AllocationPeriodRow>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AllocationPeriodRow(DateOnly.FromDateTime(reader.GetDateTime(0)), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return rows;
    }

    /// <summary>Every tenant's activity, by pool balance (seed 002's tenant activity) or by points received (its top tenants).</summary>
    public async Task<IReadOnlyList<TenantActivityRow>> ActivityAsync(bool byReceived, int top, CancellationToken cancellationToken)
    {
        await using var query = dataSource.CreateCommand(ActivitySql);
        query.Parameters.AddWithValue("by_received", byReceived);
        query.Parameters.AddWithValue("top", top);
        var rows = new List<TenantActivityRow>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new TenantActivityRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)));
        }

        return rows;
    }

    /// <summary>The latest entries on a tenant's pool, newest first.</summary>
    public async Task<IReadOnlyList<PoolMovement>> MovementsAsync(string tenantId, int limit, CancellationToken cancellationToken)
    {
        await using var query = dataSource.CreateCommand(MovementsSql);
        query.Parameters.AddWithValue("tenant", tenantId);
        query.Parameters.AddWithValue("limit", limit);
        var rows = new List<PoolMovement>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new PoolMovement(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return rows;
    }
}

using Dapper;
using Messaging.Ledger.Journal;
using Npgsql;

namespace Messaging.Ledger.Tenants;

// Read from the journal (through the allocation log view for allocations and clawbacks): a figure here can never disagree with the
// ledger, because no figure is kept anywhere else. A reversed recognition (o: the entry a reversal undoes) is counted out.
public sealed class TenantReports(NpgsqlDataSource dataSource)
{
    private const string AllocationsSql = """
        SELECT date_trunc(@unit, recorded_at AT TIME ZONE 'UTC')::date AS period,
               count(*) FILTER (WHERE kind = 'allocation') AS allocations,
               coalesce(sum(points) FILTER (WHERE kind = 'allocation'), 0)::bigint AS points_allocated,
               count(*) FILTER (WHERE kind = 'clawback') AS clawbacks,
               coalesce(-sum(points) FILTER (WHERE kind = 'clawback'), 0)::bigint AS points_clawed_back,
               count(DISTINCT tenant_id) AS tenants
        FROM tenant_allocation_log
        WHERE recorded_at >= @from AND recorded_at < @to
        GROUP BY 1
        ORDER BY 1
        """;

    private const string ActivitySql = $"""
        SELECT t.tenant_id, t.name,
               count(*) FILTER (WHERE e.entry_type = '{EntryTypes.TenantAllocation}') AS allocations,
               coalesce(sum(p.amount) FILTER (WHERE e.entry_type = '{EntryTypes.TenantAllocation}'), 0)::bigint AS total_received,
               coalesce(-sum(p.amount) FILTER (WHERE e.entry_type = '{EntryTypes.TenantClawback}'), 0)::bigint AS clawed_back,
               count(*) FILTER (WHERE e.entry_type = '{EntryTypes.Recognition}')
                   - count(*) FILTER (WHERE o.entry_type = '{EntryTypes.Recognition}') AS recognitions,
               coalesce(-sum(p.amount) FILTER (WHERE coalesce(o.entry_type, e.entry_type) = '{EntryTypes.Recognition}'), 0)::bigint
                   AS points_recognised,
               coalesce(a.balance, 0) AS pool_balance
        FROM tenants t
        LEFT JOIN accounts a ON a.code = 'tenant:' || t.tenant_id || ':pool'
        LEFT JOIN postings p ON p.account_id = a.id
        LEFT JOIN journal_entries e ON e.id = p.journal_entry_id
        LEFT JOIN journal_entries o ON e.entry_type = '{EntryTypes.Reversal}' AND o.idempotency_key = e.metadata->>'Reverses'
        GROUP BY t.tenant_id, a.balance
        ORDER BY CASE WHEN @by_received THEN coalesce(sum(p.amount) FILTER (WHERE e.entry_type = '{EntryTypes.TenantAllocation}'), 0) ELSE
            coalesce(a.balance, 0) END DESC,
                 t.tenant_id
        LIMIT @top
        """;

    private const string MovementsSql = """
        SELECT e.id AS entry_id, e.entry_type,
               coalesce(e.metadata->>'AllocationId', e.metadata->>'ClawbackId', e.metadata->>'RecognitionId', e.idempotency_key) AS
                   command_id,
               p.amount AS points,
               coalesce(e.metadata->>'GiverId' || ' → ' || (e.metadata->>'ReceiverId'), e.metadata->>'RequestedBy', '') AS counterparty,
               coalesce(e.metadata->>'ReferenceNote', e.metadata->>'Reason' || coalesce(' (shortfall ' || nullif(e.metadata->>'Shortfall',
                   '0') || ')', ''),
                        e.metadata->>'Message', e.description) AS note,
               e.occurred_at
        FROM accounts a
        JOIN postings p ON p.account_id = a.id
        JOIN journal_entries e ON e.id = p.journal_entry_id
        WHERE a.code = 'tenant:' || @tenant || ':pool'
        ORDER BY e.id DESC
        LIMIT @limit
        """;

    /// <summary>Per UTC day or week (starting on Monday) in [from, to).</summary>
    public async Task<IReadOnlyList<AllocationPeriodRow>> AllocationsAsync(
        bool byWeek,
        DateTimeOffset from,
        DateTimeOffset to,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new
        {
            unit = byWeek ? "week" : "day",
            from = from.ToUniversalTime(),
            to = to.ToUniversalTime(),
        };
        return (
            await connection.QueryAsync<AllocationPeriodRow>(
                new CommandDefinition(AllocationsSql, parameters, cancellationToken: cancellationToken)
            )
        ).AsList();
    }

    /// <summary>By pool balance (seed 002's tenant activity) or by points received (its top tenants).</summary>
    public async Task<IReadOnlyList<TenantActivityRow>> ActivityAsync(bool byReceived, int top, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { by_received = byReceived, top };
        return (
            await connection.QueryAsync<TenantActivityRow>(
                new CommandDefinition(ActivitySql, parameters, cancellationToken: cancellationToken)
            )
        ).AsList();
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<PoolMovement>> MovementsAsync(string tenantId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (
            await connection.QueryAsync<PoolMovement>(
                new CommandDefinition(MovementsSql, new { tenant = tenantId, limit }, cancellationToken: cancellationToken)
            )
        ).AsList();
    }
}

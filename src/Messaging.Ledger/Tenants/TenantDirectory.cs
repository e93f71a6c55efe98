using System.Text.Json;
using Dapper;
using Messaging.Ledger.Operations;
using Npgsql;

namespace Messaging.Ledger.Tenants;

// Registering is an operator action, recorded with it.
public sealed class TenantDirectory(NpgsqlDataSource dataSource)
{
    private const string FindSql =
        "SELECT tenant_id, name, time_zone, monthly_giving_allowance, created_at, updated_at FROM tenants WHERE tenant_id = @id";

    private const string UpsertSql = """
        INSERT INTO tenants (tenant_id, name, time_zone, monthly_giving_allowance)
        VALUES (@id, coalesce(@name, @id), coalesce(@zone, 'UTC'), @allowance)
        ON CONFLICT (tenant_id) DO UPDATE SET
            name = coalesce(@name, tenants.name),
            time_zone = coalesce(@zone, tenants.time_zone),
            monthly_giving_allowance = CASE WHEN @allowance_given THEN excluded.monthly_giving_allowance ELSE
                tenants.monthly_giving_allowance END,
            updated_at = now()
        RETURNING tenant_id, name, time_zone, monthly_giving_allowance, created_at, updated_at, (xmax = 0) AS created
        """;

    // Per tenant, each pool figure summed once from the postings on its pool: no figure is kept twice. A reversed recognition's points
    // come back to the pool under the reversal, counted against the recognition it undoes (o).
    private const string ListSql = """
        SELECT t.tenant_id, t.name, t.time_zone, t.monthly_giving_allowance, coalesce(a.balance, 0) AS pool_balance,
               coalesce(sum(p.amount) FILTER (WHERE e.entry_type = 'tenant_allocation'), 0)::bigint AS allocated,
               coalesce(-sum(p.amount) FILTER (WHERE e.entry_type = 'tenant_clawback'), 0)::bigint AS clawed_back,
               coalesce(-sum(p.amount) FILTER (WHERE coalesce(o.entry_type, e.entry_type) = 'recognition'), 0)::bigint AS recognised,
               t.created_at
        FROM tenants t
        LEFT JOIN accounts a ON a.code = 'tenant:' || t.tenant_id || ':pool'
        LEFT JOIN postings p ON p.account_id = a.id
        LEFT JOIN journal_entries e ON e.id = p.journal_entry_id
        LEFT JOIN journal_entries o ON e.entry_type = 'reversal' AND o.idempotency_key = e.metadata->>'Reverses'
        WHERE @id::text IS NULL OR t.tenant_id = @id
        GROUP BY t.tenant_id, a.balance
        ORDER BY t.tenant_id
        """;

    public async Task<Tenant?> FindAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Tenant>(
            new CommandDefinition(FindSql, new { id = tenantId }, cancellationToken: cancellationToken)
        );
    }

    /// <summary>Every tenant, or only <paramref name="tenantId"/> when given.</summary>
    public async Task<IReadOnlyList<TenantRow>> ListAsync(string? tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (
            await connection.QueryAsync<TenantRow>(
                new CommandDefinition(ListSql, new { id = tenantId }, cancellationToken: cancellationToken)
            )
        ).AsList();
    }

    /// <summary>
    /// A value left null keeps what the tenant had (a new tenant is named by its id, in UTC, with no allowance).
    /// <paramref name="allowanceGiven"/> with a null allowance removes it.
    /// </summary>
    /// <exception cref="ArgumentException">The time zone is not one this machine knows.</exception>
    public async Task<(Tenant Tenant, bool Created)> SaveAsync(
        string tenantId,
        string? name,
        string? timeZone,
        bool allowanceGiven,
        long? allowance,
        string operatorName,
        CancellationToken cancellationToken
    )
    {
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            throw new ArgumentException(
                $"'{timeZone}' is not a time zone this machine knows; use an IANA name such as UTC or Europe/Paris.",
                nameof(timeZone)
            );
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var upsert = new CommandDefinition(
            UpsertSql,
            new
            {
                id = tenantId,
                name,
                zone = timeZone,
                allowance,
                allowance_given = allowanceGiven,
            },
            transaction,
            cancellationToken: cancellationToken
        );
        var (tenant, created) = (
            await connection.QueryAsync<Tenant, bool, (Tenant, bool)>(upsert, (saved, isNew) => (saved, isNew), splitOn: "created")
        ).Single();
        await OperatorActionLog.RecordAsync(
            connection,
            operatorName,
            created ? "tenant-add" : "tenant-set",
            JsonSerializer.Serialize(
                new
                {
                    tenantId,
                    name,
                    timeZone,
                    monthlyGivingAllowance = allowanceGiven ? allowance : null,
                }
            ),
            created ? $"tenant {tenantId} registered" : $"tenant {tenantId} changed",
            cancellationToken
        );
        await transaction.CommitAsync(cancellationToken);
        return (tenant, created);
    }
}

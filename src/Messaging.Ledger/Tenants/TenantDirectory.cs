using System.Text.Json;
using Messaging.Ledger.Operations;
using Npgsql;

namespace Messaging.Ledger.Tenants;

/// <summary>
/// The registry of tenants: who may receive allocations and whose colleagues may recognise each other, with each
/// tenant's time zone and giving allowance. Registering is an operator action, recorded with it.
/// </summary>
public sealed class TenantDirectory(NpgsqlDataSource dataSource)
{
    private const string FindSql = "SELECT tenant_id, name, time_zone, monthly_giving_allowance, created_at, updated_at FROM tenants WHERE tenant_id = @id";

    private const string UpsertSql = """
        INSERT INTO tenants (tenant_id, name, time_zone, monthly_giving_allowance)
        VALUES (@id, coalesce(@name, @id), coalesce(@zone, 'UTC'), @allowance)
        ON CONFLICT (tenant_id) DO UPDATE SET
            name = coalesce(@name, tenants.name),
            time_zone = coalesce(@zone, tenants.time_zone),
            monthly_giving_allowance = CASE WHEN @allowance_given THEN excluded.monthly_giving_allowance ELSE tenants.monthly_giving_allowance END,
            updated_at = now()
        RETURNING tenant_id, name, time_zone, monthly_giving_allowance, created_at, updated_at, (xmax = 0)
        """;

    // Per tenant, each pool figure summed once from the postings on its pool: no figure is kept twice.
    private const string ListSql = """
        SELECT t.tenant_id, t.name, t.time_zone, t.monthly_giving_allowance, coalesce(a.balance, 0),
               coalesce(sum(p.amount) FILTER (WHERE e.entry_type = 'tenant_allocation'), 0),
               coalesce(-sum(p.amount) FILTER (WHERE e.entry_type = 'tenant_clawback'), 0),
               coalesce(-sum(p.amount) FILTER (WHERE e.entry_type = 'recognition'), 0),
               t.created_at
        FROM tenants t
        LEFT JOIN accounts a ON a.code = 'tenant:' || t.tenant_id || ':pool'
        LEFT JOIN postings p ON p.account_id = a.id
        LEFT JOIN journal_entries e ON e.id = p.journal_entry_id
        WHERE @id::text IS NULL OR t.tenant_id = @id
        GROUP BY t.tenant_id, a.balance
        ORDER BY t.tenant_id
        """;

    public async Task<Tenant?> FindAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(FindSql);
        command.Parameters.AddWithValue("id", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Every tenant (or one) with its pool's figures.</summary>
    public async Task<IReadOnlyList<TenantRow>> ListAsync(string? tenantId, CancellationToken cancellationToken)
    {
        var rows = new List<TenantRow>();
        await using var command = dataSource.CreateCommand(ListSql);
        command.Parameters.Add(new NpgsqlParameter<string?>("id", tenantId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new TenantRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return rows;
    }

    /// <summary>
    /// Registers a tenant, or changes one: a value left null keeps what the tenant had (a new tenant is named by its id,
    /// in UTC, with no allowance). <paramref name="allowanceGiven"/> with a null allowance removes it.
    /// </summary>
    /// <exception cref="ArgumentException">The time zone is not one this machine knows.</exception>
    public async Task<(Tenant Tenant, bool Created)> SaveAsync(
        string tenantId, string? name, string? timeZone, bool allowanceGiven, long? allowance, string operatorName, CancellationToken cancellationToken)
    {
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            throw new ArgumentException($"'{timeZone}' is not a time zone this machine knows; use an IANA name such as UTC or Europe/Paris.", nameof(timeZone));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Tenant tenant;
        bool created;
        await using (var command = new NpgsqlCommand(UpsertSql, connection))
        {
            command.Parameters.AddWithValue("id", tenantId);
            command.Parameters.Add(new NpgsqlParameter<string?>("name", name));
            command.Parameters.Add(new NpgsqlParameter<string?>("zone", timeZone));
            command.Parameters.Add(new NpgsqlParameter<long?>("allowance", allowance));
            command.Parameters.AddWithValue("allowance_given", allowanceGiven);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            tenant = Read(reader);
            created = reader.GetBoolean(6);
        }

        await OperatorActionLog.RecordAsync(connection, operatorName, created ? "tenant-add" : "tenant-set",
            JsonSerializer.Serialize(new { tenantId, name, timeZone, monthlyGivingAllowance = allowanceGiven ? allowance : null }),
            created ? $"tenant {tenantId} registered" : $"tenant {tenantId} changed", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (tenant, created);
    }

    private static Tenant Read(NpgsqlDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        Name = reader.GetString(1),
        TimeZone = reader.GetString(2),
        MonthlyGivingAllowance = reader.IsDBNull(3) ? null : reader.GetInt64(3),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(4),
        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(5),
    };
}

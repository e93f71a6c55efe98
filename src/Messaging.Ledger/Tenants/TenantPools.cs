using Dapper;
using Messaging.Ledger.Accounts;
using Npgsql;

namespace Messaging.Ledger.Tenants;

// Every tenant pool's balance as its account holds it: one row per tenant, cheap enough for each metrics scrape (seed 002's
// per-tenant balance gauge and its "a tenant balance below zero" alert).
public static class TenantPools
{
    private const string BalancesSql = $"""
        SELECT tenant_id, balance FROM accounts WHERE kind = '{AccountKinds.TenantPool}' ORDER BY tenant_id
        """;

    // Synchronously: gauges are observed so.
    public static IReadOnlyList<TenantPoolBalance> ReadBalances(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        using var connection = dataSource.OpenConnection();
        return connection.Query<TenantPoolBalance>(BalancesSql).AsList();
    }
}

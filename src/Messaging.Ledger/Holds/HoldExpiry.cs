using Npgsql;

namespace Messaging.Ledger.Holds;

/// <summary>
/// The ledger's own guarantee that held points come back: a hold still active after its expiry (its saga
/// lost or stuck) is voided, whatever the processes around it do.
/// </summary>
public static class HoldExpiry
{
    private const string VoidExpiredSql = """
        UPDATE ledger_holds SET status = 'voided', settled_at = now(), settled_reason = 'expired'
        WHERE id IN (
            SELECT id FROM ledger_holds
            WHERE status = 'active' AND expires_at <= now()
            ORDER BY expires_at
            LIMIT @limit
            FOR UPDATE SKIP LOCKED)
        """;

    /// <summary>Voids up to <paramref name="limit"/> expired holds; returns how many.</summary>
    public static async Task<int> VoidExpiredAsync(NpgsqlDataSource dataSource, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(VoidExpiredSql);
        command.Parameters.AddWithValue("limit", limit);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

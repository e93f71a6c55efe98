using Messaging.Ledger.Accounts;
using Npgsql;

namespace Messaging.Ledger.Writing;

// Opens the accounts a batch names (on first use) and locks them, in one round trip.
internal static class AccountLocks
{
    private const string EnsureAccountsSql = """
        INSERT INTO accounts (code, tenant_id, kind, owner_id, allow_negative)
        SELECT code, tenant_id, kind, owner_id, allow_negative
        FROM unnest(@codes, @tenants, @kinds, @owners, @allow_negative) AS t(code, tenant_id, kind, owner_id, allow_negative)
        ORDER BY code
        ON CONFLICT (code) DO NOTHING
        """;

    // Row locks in id order (concurrent writers queue instead of deadlocking), through a function owned by the schema's
    // owner: the processor's role may lock accounts but not update them (Persistence/Schema/Functions/ledger_lock_accounts.sql).
    private const string LockAccountsSql = "SELECT id, code, balance, held, total_credited FROM ledger_lock_accounts(@codes)";

    // Opening costs more than its statement: INSERT … ON CONFLICT DO NOTHING waits for every transaction that has updated the existing row
    // to finish, so on an account several transactions move at once it queued a second time. Hence lock first, open only what is missing.
    public static async Task<Dictionary<string, AccountState>> LockOpenedAsync(
        NpgsqlConnection connection,
        IReadOnlyCollection<AccountRef> refs,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(refs);
        Dictionary<string, AccountState> accounts;
        await using (var lockRows = new NpgsqlCommand(LockAccountsSql, connection))
        {
            lockRows.Parameters.Add(
                new NpgsqlParameter<string[]>("codes", refs.Select(r => r.Code).Distinct(StringComparer.Ordinal).ToArray())
            );
            await using var reader = await lockRows.ExecuteReaderAsync(cancellationToken);
            accounts = await ReadLockedAsync(reader, cancellationToken);
        }

        // The locks taken stay held; locking them again in the same transaction does not wait.
        return refs.All(r => accounts.ContainsKey(r.Code)) ? accounts : await LockAsync(connection, refs, cancellationToken);
    }

    public static async Task<Dictionary<string, AccountState>> LockAsync(
        NpgsqlConnection connection,
        IEnumerable<AccountRef> refs,
        CancellationToken cancellationToken
    )
    {
        var distinct = refs.DistinctBy(r => r.Code).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return new Dictionary<string, AccountState>(StringComparer.Ordinal);
        }

        var codes = distinct.Select(r => r.Code).ToArray();
        await using var batch = new NpgsqlBatch(connection);
        var ensure = new NpgsqlBatchCommand(EnsureAccountsSql);
        ensure.Parameters.Add(new NpgsqlParameter<string[]>("codes", codes));
        ensure.Parameters.Add(new NpgsqlParameter<string[]>("tenants", distinct.Select(r => r.TenantId).ToArray()));
        ensure.Parameters.Add(new NpgsqlParameter<string[]>("kinds", distinct.Select(r => r.Kind).ToArray()));
        ensure.Parameters.Add(new NpgsqlParameter<string?[]>("owners", distinct.Select(r => r.OwnerId).ToArray()));
        ensure.Parameters.Add(new NpgsqlParameter<bool[]>("allow_negative", distinct.Select(r => r.AllowNegative).ToArray()));
        var lockRows = new NpgsqlBatchCommand(LockAccountsSql);
        lockRows.Parameters.Add(new NpgsqlParameter<string[]>("codes", codes));
        batch.BatchCommands.Add(ensure);
        batch.BatchCommands.Add(lockRows);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await ReadLockedAsync(reader, cancellationToken);
    }

    private static async Task<Dictionary<string, AccountState>> ReadLockedAsync(
        NpgsqlDataReader reader,
        CancellationToken cancellationToken
    )
    {
        var accounts = new Dictionary<string, AccountState>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts[reader.GetString(1)] = new AccountState(
                reader.GetInt64(0),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetInt64(4)
            );
        }

        return accounts;
    }
}

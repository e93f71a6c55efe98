using Npgsql;

namespace Messaging.Ledger.Writing;

// Inside the writer's transaction.
internal static class LimitUsages
{
    // Created at zero on first use, then locked in key order: writers drawing on the same limits queue instead of deadlocking.
    private const string LockSql = """
        INSERT INTO limit_usage (limit_key) SELECT k FROM unnest(@keys) AS t(k) ORDER BY k COLLATE "C" ON CONFLICT (limit_key) DO NOTHING;
        SELECT limit_key, used FROM limit_usage WHERE limit_key = ANY(@keys) ORDER BY limit_key COLLATE "C" FOR UPDATE;
        """;

    private const string DrawSql = """
        UPDATE limit_usage u SET used = u.used + d.amount, updated_at = now()
        FROM (SELECT k, sum(a) AS amount FROM unnest(@keys, @amounts) AS t(k, a) GROUP BY k) d
        WHERE u.limit_key = d.k
        """;

    public static async Task<Dictionary<string, long>> LockAsync(
        NpgsqlConnection connection,
        IReadOnlyCollection<string> keys,
        CancellationToken cancellationToken
    )
    {
        var used = new Dictionary<string, long>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return used;
        }

        await using var command = new NpgsqlCommand(LockSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", [.. keys]));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            used[reader.GetString(0)] = reader.GetInt64(1);
        }

        return used;
    }

    public static async Task DrawAsync(NpgsqlConnection connection, IReadOnlyList<LimitDraw> draws, CancellationToken cancellationToken)
    {
        if (draws.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(DrawSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", draws.Select(d => d.LimitKey).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("amounts", draws.Select(d => d.Amount).ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

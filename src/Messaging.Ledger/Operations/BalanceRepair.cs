using System.Text.Json;
using Npgsql;

namespace Messaging.Ledger.Operations;

/// <summary>
/// Rebuilds cached account figures from postings, the ledger's source of truth. Planning changes
/// nothing; applying rewrites only the accounts that differ and records what changed in
/// <c>operator_actions</c>, in the same transaction.
/// </summary>
public sealed class BalanceRepair(NpgsqlDataSource dataSource)
{
    private const string DifferencesSql = """
        SELECT a.code, a.balance, coalesce(s.total, 0), coalesce(s.credited, 0), coalesce(s.debited, 0)
        FROM accounts a
        LEFT JOIN (SELECT account_id, sum(amount) AS total, sum(greatest(amount, 0)) AS credited, sum(greatest(-amount, 0)) AS debited
                   FROM postings GROUP BY account_id) s ON s.account_id = a.id
        WHERE a.balance <> coalesce(s.total, 0)
           OR a.total_credited <> coalesce(s.credited, 0)
           OR a.total_debited <> coalesce(s.debited, 0)
        ORDER BY a.id
        """;

    private const string FixSql = """
        UPDATE accounts SET balance = @balance, total_credited = @credited, total_debited = @debited WHERE code = @code
        """;

    public async Task<IReadOnlyList<BalanceCorrection>> PlanAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await DifferencesAsync(connection, forUpdate: false, cancellationToken);
    }

    public async Task<IReadOnlyList<BalanceCorrection>> ApplyAsync(string operatorName, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var corrections = await DifferencesAsync(connection, forUpdate: true, cancellationToken);
        if (corrections.Count > 0)
        {
            // The balance guard refuses direct writes unless this transaction says it is a repair.
            await using (var allow = new NpgsqlCommand("SET LOCAL ledger.repair_balances = on", connection))
            {
                await allow.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var correction in corrections)
            {
                await using var fix = new NpgsqlCommand(FixSql, connection);
                fix.Parameters.AddWithValue("balance", correction.PostedBalance);
                fix.Parameters.AddWithValue("credited", correction.PostedCredits);
                fix.Parameters.AddWithValue("debited", correction.PostedDebits);
                fix.Parameters.AddWithValue("code", correction.Account);
                await fix.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await OperatorActionLog.RecordAsync(connection, operatorName, "repair",
            JsonSerializer.Serialize(new { corrections }), $"rebuilt {corrections.Count} account(s) from postings", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return corrections;
    }

    private static async Task<IReadOnlyList<BalanceCorrection>> DifferencesAsync(NpgsqlConnection connection, bool forUpdate, CancellationToken cancellationToken)
    {
        if (forUpdate)
        {
            // Hold every account still while comparing, so no posting lands between the sum and the fix.
            await using var lockAll = new NpgsqlCommand("LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE", connection);
            await lockAll.ExecuteNonQueryAsync(cancellationToken);
        }

        var corrections = new List<BalanceCorrection>();
        await using var command = new NpgsqlCommand(DifferencesSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            corrections.Add(new BalanceCorrection(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        return corrections;
    }
}

using System.Text.Json;
using Dapper;
using Messaging.Ledger.Holds;
using Npgsql;

namespace Messaging.Ledger.Operations;

// Rebuilds cached account figures from their sources of truth: balances and totals from postings, held points from active holds.
// Applying rewrites only the accounts that differ and records what changed in operator_actions, in the same transaction.
public sealed class BalanceRepair(NpgsqlDataSource dataSource)
{
    private const string DifferencesSql = $"""
        SELECT a.code, a.balance, coalesce(s.total, 0)::bigint AS posted, coalesce(s.credited, 0)::bigint AS credited, coalesce(s.debited,
            0)::bigint AS debited,
               a.held, coalesce(h.total, 0)::bigint AS active_held,
               a.balance <> coalesce(s.total, 0) OR a.total_credited <> coalesce(s.credited, 0) OR a.total_debited <> coalesce(s.debited, 0)
                   AS balance_differs
        FROM accounts a
        LEFT JOIN (SELECT account_id, sum(amount) AS total, sum(greatest(amount, 0)) AS credited, sum(greatest(-amount, 0)) AS debited
                   FROM postings GROUP BY account_id) s ON s.account_id = a.id
        LEFT JOIN (SELECT account_id, sum(amount) AS total FROM ledger_holds WHERE status = '{HoldStatuses.Active}' GROUP BY account_id) h
            ON h.account_id = a.id
        WHERE a.balance <> coalesce(s.total, 0)
           OR a.total_credited <> coalesce(s.credited, 0)
           OR a.total_debited <> coalesce(s.debited, 0)
           OR a.held <> coalesce(h.total, 0)
        ORDER BY a.id
        """;

    // Every figure in one statement, recomputed under the lock, by the owner's function: no other role updates accounts.
    private const string FixSql = "SELECT ledger_repair_account(@code)";

    public async Task<RepairPlan> PlanAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await DifferencesAsync(connection, forUpdate: false, cancellationToken);
    }

    public async Task<RepairPlan> ApplyAsync(string operatorName, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var plan = await DifferencesAsync(connection, forUpdate: true, cancellationToken);
        if (plan.Count > 0)
        {
            foreach (var account in plan.Corrections.Select(c => c.Account).Union(plan.HeldCorrections.Select(c => c.Account)))
            {
                await using var fix = new NpgsqlCommand(FixSql, connection);
                fix.Parameters.AddWithValue("code", account);
                await fix.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await OperatorActionLog.RecordAsync(
            connection,
            operatorName,
            "repair",
            JsonSerializer.Serialize(new { corrections = plan.Corrections, heldCorrections = plan.HeldCorrections }),
            $"rebuilt {plan.Corrections.Count} account balance(s) from postings and "
                + $"{plan.HeldCorrections.Count} held figure(s) from active holds",
            cancellationToken
        );
        await transaction.CommitAsync(cancellationToken);
        return plan;
    }

    private static async Task<RepairPlan> DifferencesAsync(NpgsqlConnection connection, bool forUpdate, CancellationToken cancellationToken)
    {
        if (forUpdate)
        {
            // Hold every account still while comparing, so no posting or hold lands between the sum and the fix
            // (both move accounts through their triggers, so both wait for this lock).
            await using var lockAll = new NpgsqlCommand("SELECT ledger_lock_accounts_for_repair()", connection);
            await lockAll.ExecuteNonQueryAsync(cancellationToken);
        }

        var differences = await connection.QueryAsync<Difference>(
            new CommandDefinition(DifferencesSql, cancellationToken: cancellationToken)
        );
        var corrections = differences
            .Where(d => d.BalanceDiffers)
            .Select(d => new BalanceCorrection(d.Code, d.Balance, d.Posted, d.Credited, d.Debited))
            .ToList();
        var heldCorrections = differences
            .Where(d => d.Held != d.ActiveHeld)
            .Select(d => new HeldCorrection(d.Code, d.Held, d.ActiveHeld))
            .ToList();
        return new RepairPlan(corrections, heldCorrections);
    }

    private sealed record Difference(
        string Code,
        long Balance,
        long Posted,
        long Credited,
        long Debited,
        long Held,
        long ActiveHeld,
        bool BalanceDiffers
    );
}

using System.CommandLine;
using Messaging.Ledger.Operations;

namespace Messaging.Admin.Repairs;

/// <summary>
/// <c>repair [--apply]</c>: rebuilds cached balances from postings. A dry run unless <c>--apply</c>;
/// applying records every change in the operator log.
/// </summary>
internal static class RepairCommand
{
    public static Command Create(AdminContext context)
    {
        var apply = new Option<bool>("--apply") { Description = "Write the corrections (default: only show them)." };
        var command = new Command("repair", "Rebuild cached account balances from their postings (dry run unless --apply).") { apply };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var dataSource = context.DataSource(result);
            var repair = new BalanceRepair(dataSource);
            var applying = result.GetValue(apply);
            var corrections = applying
                ? await repair.ApplyAsync(context.OperatorName(result), cancellationToken)
                : await repair.PlanAsync(cancellationToken);

            if (context.WantsJson(result))
            {
                await context.WriteJsonAsync(new { applied = applying, corrections });
                return ExitCodes.Ok;
            }

            foreach (var c in corrections)
            {
                await context.Output.WriteLineAsync($"{c.Account}: cached {c.CachedBalance} -> {c.PostedBalance} (from postings)");
            }

            await context.Output.WriteLineAsync(corrections.Count == 0
                ? "nothing to repair: every cached balance equals its postings"
                : applying
                    ? $"repaired {corrections.Count} account(s); recorded in operator_actions"
                    : $"{corrections.Count} account(s) would be repaired; run again with --apply to write it");
            return ExitCodes.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using Messaging.Ledger.Operations;

namespace Messaging.Admin.Repairs;

internal static class RepairCommand
{
    public static Command Create(AdminContext context)
    {
        var apply = new Option<bool>("--apply") { Description = "Write the corrections (default: only show them)." };
        var command = new Command(
            "repair",
            "Rebuild cached account balances from their postings and held points from active holds (dry run unless --apply)."
        )
        {
            apply,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                var repair = new BalanceRepair(dataSource);
                var applying = result.GetValue(apply);
                var plan = applying
                    ? await repair.ApplyAsync(context.OperatorName(result), cancellationToken)
                    : await repair.PlanAsync(cancellationToken);

                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(
                        new
                        {
                            applied = applying,
                            corrections = plan.Corrections,
                            heldCorrections = plan.HeldCorrections,
                        }
                    );
                    return ExitCodes.Ok;
                }

                foreach (var c in plan.Corrections)
                {
                    await context.Output.WriteLineAsync($"{c.Account}: cached {c.CachedBalance} -> {c.PostedBalance} (from postings)");
                }

                foreach (var c in plan.HeldCorrections)
                {
                    await context.Output.WriteLineAsync($"{c.Account}: held {c.CachedHeld} -> {c.ActiveHolds} (from active holds)");
                }

                await context.Output.WriteLineAsync(
                    plan.Count == 0 ? "nothing to repair: every cached balance equals its postings and every held figure its active holds"
                    : applying
                        ? $"repaired {plan.Corrections.Count} balance(s) and {plan.HeldCorrections.Count} held "
                            + "figure(s); recorded in operator_actions"
                    : $"{plan.Corrections.Count} balance(s) and {plan.HeldCorrections.Count} held figure(s) would "
                        + "be repaired; run again with --apply to write it"
                );
                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

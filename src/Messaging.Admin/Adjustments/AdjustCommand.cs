using System.CommandLine;
using System.Globalization;
using Messaging.Ledger.Adjustments;

namespace Messaging.Admin.Adjustments;

// adjust USER +N|-N --reason TEXT; adjust approve ID; adjust cancel ID --reason TEXT; adjust list. Corrections are new entries
// (adjustment:{id}), never edits.
internal static class AdjustCommand
{
    public static Command Create(AdminContext context)
    {
        var user = new Argument<string>("user") { Description = "The user id, as publishers send it." };
        var points = new Argument<string>("points") { Description = "Signed points: +500 credits the wallet, -200 debits it." };
        var reason = new Option<string>("--reason")
        {
            Description = "Why (kept on the entry and in the operator log; the user's history shows it).",
            Required = true,
        };
        var command = new Command(
            "adjust",
            "Credit or debit a user's wallet by hand, with a reason: an adjustment:{id} entry against platform:adjustments, never "
                + "below what the wallet has available. Above Adjustments:ApprovalThreshold points it waits for a second admin "
                + "(`adjust approve ID`), or is withdrawn (`adjust cancel ID --reason TEXT`)."
        )
        {
            user,
            points,
            reason,
        };
        command.Subcommands.Add(ApproveCommand(context));
        command.Subcommands.Add(CancelCommand(context));
        command.Subcommands.Add(ListCommand(context));
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var text = result.GetValue(points)!;
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var signed))
                {
                    await context.Error.WriteLineAsync(
                        $"points must be a signed whole number other than zero, such as +500 or -200 (got '{text}'); "
                            + "put -- before a negative one if your shell needs it: adjust USER -- -200 --reason TEXT."
                    );
                    return ExitCodes.Usage;
                }

                var why = result.GetValue(reason)!;
                if (WalletAdjustments.ProblemWith(signed, why) is { } problem)
                {
                    await context.Error.WriteLineAsync(problem);
                    return ExitCodes.Usage;
                }

                await using var dataSource = context.DataSource(result);
                var outcome = await Desk(context, dataSource)
                    .RequestAsync(result.GetValue(user)!, signed, why, context.OperatorName(result), cancellationToken);
                return await ReportAsync(context, result, outcome);
            }
        );
        return command;
    }

    private static Command ApproveCommand(AdminContext context)
    {
        var id = new Argument<long>("id") { Description = "The adjustment's number (`adjust list --pending`)." };
        var command = new Command("approve", "Approve a pending adjustment as a second admin (not the one who asked): it is applied now.")
        {
            id,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                var outcome = await Desk(context, dataSource)
                    .ApproveAsync(result.GetValue(id), context.OperatorName(result), cancellationToken);
                return await ReportAsync(context, result, outcome);
            }
        );
        return command;
    }

    private static Command CancelCommand(AdminContext context)
    {
        var id = new Argument<long>("id") { Description = "The adjustment's number (`adjust list --pending`)." };
        var reason = new Option<string>("--reason")
        {
            Description = "Why it is withdrawn (kept on it and in the operator log).",
            Required = true,
        };
        var command = new Command("cancel", "Withdraw a pending adjustment, with a reason (any admin, the one who asked included).")
        {
            id,
            reason,
        };
        command.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValue(reason)))
            {
                r.AddError("--reason is empty: say why the adjustment is withdrawn (it is kept on it and in the operator log).");
            }
        });
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                var outcome = await Desk(context, dataSource)
                    .CancelAsync(result.GetValue(id), result.GetValue(reason)!, context.OperatorName(result), cancellationToken);
                return await ReportAsync(context, result, outcome);
            }
        );
        return command;
    }

    private static Command ListCommand(AdminContext context)
    {
        var pending = new Option<bool>("--pending") { Description = "Only those waiting for a second admin." };
        var limit = new Option<int>("--limit") { Description = "How many, newest first.", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List adjustments, newest first: who asked, why, and who approved.") { pending, limit };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                var adjustments = await Desk(context, dataSource)
                    .ListAsync(result.GetValue(pending) ? AdjustmentStatuses.Pending : null, result.GetValue(limit), cancellationToken);
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(adjustments);
                    return ExitCodes.Ok;
                }

                foreach (var a in adjustments)
                {
                    await context.Output.WriteLineAsync(
                        $"{a.Id, 6}  {a.Status, -8} {a.Points.ToString("+0;-0", CultureInfo.InvariantCulture), 8}  {a.UserId}  "
                            + $"by {a.RequestedBy}{(a.ApprovedBy is null ? "" : ", approved by " + a.ApprovedBy)}: {a.Reason}"
                    );
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }

    private static WalletAdjustments Desk(AdminContext context, Npgsql.NpgsqlDataSource dataSource) =>
        new(dataSource, context.Settings.Adjustments, TimeProvider.System);

    private static async Task<int> ReportAsync(AdminContext context, ParseResult result, AdjustmentOutcome outcome)
    {
        if (context.WantsJson(result))
        {
            await context.WriteJsonAsync(outcome);
        }
        else
        {
            await (
                outcome.Kind is AdjustmentOutcomeKind.Applied or AdjustmentOutcomeKind.AwaitingApproval or AdjustmentOutcomeKind.Cancelled
                    ? context.Output
                    : context.Error
            ).WriteLineAsync(outcome.Message);
        }

        return outcome.Kind switch
        {
            AdjustmentOutcomeKind.NotFound => ExitCodes.NotFound,
            AdjustmentOutcomeKind.Refused => ExitCodes.Refused,
            _ => ExitCodes.Ok,
        };
    }
}

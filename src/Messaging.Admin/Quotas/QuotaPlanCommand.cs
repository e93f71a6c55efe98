using System.CommandLine;
using Messaging.Ledger.Quotas;
using Messaging.Ledger.Writing;

namespace Messaging.Admin.Quotas;

// An upgrade credits the current month the difference at once; a downgrade starts next month.
internal static class QuotaPlanCommand
{
    public static Command Create(AdminContext context)
    {
        var user = new Argument<string>("user") { Description = "The user to move." };
        var plan = new Argument<string>("plan") { Description = "A plan of the processor's Quotas:Plans." };
        var command = new Command(
            "plan",
            "Move a user to a plan: an upgrade credits this month's difference at once, a downgrade "
                + "starts next month. Recorded in operator_actions."
        )
        {
            user,
            plan,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var options = context.Settings.Quotas;
                var planName = result.GetValue(plan)!;
                if (!options.Plans.TryGetValue(planName, out var limit))
                {
                    await context.Error.WriteLineAsync(
                        $"No plan '{planName}' in Quotas:Plans ({string.Join(", ", options.Plans.Keys)}). Add it to "
                            + "the processor's settings first, or pick one of those."
                    );
                    return ExitCodes.Usage;
                }

                var userId = result.GetValue(user)!;
                var now = DateTimeOffset.UtcNow;
                var month = QuotaMonth.Of(now, options.Zone);
                await using var dataSource = context.DataSource(result);
                await new QuotaPlans(dataSource, new LedgerBatchWriter()).ChangeAsync(
                    userId,
                    planName,
                    limit,
                    month,
                    context.OperatorName(result),
                    now,
                    cancellationToken
                );
                var status = await new QuotaQueries(dataSource).StatusAsync(userId, month, cancellationToken);
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(
                        new
                        {
                            userId,
                            plan = planName,
                            planLimit = limit,
                            status,
                        }
                    );
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync(
                    $"{userId} is on plan {planName} ({limit} tokens a month); {month}: used "
                        + $"{status.MonthlyUsed} of {status.MonthlyLimit}, {status.MonthlyRemaining} remaining"
                );
                await context.Output.WriteLineAsync("recorded in operator_actions");
                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

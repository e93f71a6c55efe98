using System.CommandLine;
using Messaging.Admin.DeadLetters;
using Messaging.Ledger.Quotas;
using Messaging.Ledger.Writing;
using Microsoft.Extensions.Options;

namespace Messaging.Admin.Quotas;

// Seed 004's "roll every user over now": what the processor's sweeper does on its timer, at once, recorded as the operator's.
internal static class QuotaRolloverCommand
{
    public static Command Create(AdminContext context)
    {
        var all = new Option<bool>("--all") { Description = "Every user whose quota is still in an earlier month (required: say it)." };
        var command = new Command(
            "rollover",
            "Open the current quota month now for every user still in an earlier one (their unused tokens lapse), as each "
                + "user's first use this month would. Safe to repeat and beside running processors. Recorded in operator_actions."
        )
        {
            all,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                if (!result.GetValue(all))
                {
                    await context.Error.WriteLineAsync(
                        "Say --all to roll every user over now (one user rolls over by itself: `quota USER` opens their month)."
                    );
                    return ExitCodes.Usage;
                }

                var options = context.Settings.Quotas;
                var now = DateTimeOffset.UtcNow;
                var month = QuotaMonth.Of(now, options.Zone);
                await using var dataSource = context.DataSource(result);
                var plans = new QuotaPlans(dataSource, new LedgerBatchWriter());
                var sweep = new QuotaSweep(new QuotaQueries(dataSource), plans, new QuotaLimits(plans, Options.Create(options)));
                var rolled = await sweep.RollOverEveryoneAsync(month, now, cancellationToken);
                var outcome = $"{rolled} user(s) rolled over into {month}";
                var recorded = await DeadLetterCommand.RecordAsync(
                    context,
                    result,
                    "quota-rollover",
                    new { all = true, month },
                    outcome,
                    cancellationToken
                );
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(new { month, rolled });
                }
                else
                {
                    await context.Output.WriteLineAsync(outcome + (recorded ? "; recorded in operator_actions" : ""));
                }

                return recorded ? ExitCodes.Ok : ExitCodes.Unreachable;
            }
        );
        return command;
    }
}

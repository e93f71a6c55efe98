using System.CommandLine;
using Messaging.Ledger.Quotas;
using Messaging.Ledger.Writing;

namespace Messaging.Admin.Quotas;

// Reading the current month rolls it over first, as a use would.
internal static class QuotaCommand
{
    public static Command Create(AdminContext context)
    {
        var user = new Argument<string>("user") { Description = "The user whose quota to show." };
        var month = new Option<string?>("--month")
        {
            Description = "A quota month (yyyy-MM); default: the current one, which this opens if nothing has yet.",
        };
        month.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && !QuotaMonth.IsMonth(value))
            {
                r.AddError($"--month must be a month as yyyy-MM, such as 2026-11 (got '{value}').");
            }
        });
        var command = new Command(
            "quota",
            "A user's monthly token quota (used, limit, remaining) and its month openings; `quota "
                + "plan` moves a user to a plan, `quota health` checks rollovers, `quota rollover --all` opens the month for everyone."
        )
        {
            user,
            month,
        };
        command.Subcommands.Add(QuotaPlanCommand.Create(context));
        command.Subcommands.Add(QuotaHealthCommand.Create(context));
        command.Subcommands.Add(QuotaRolloverCommand.Create(context));
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var userId = result.GetValue(user)!;
                var options = context.Settings.Quotas;
                var now = DateTimeOffset.UtcNow;
                var current = QuotaMonth.Of(now, options.Zone);
                var shown = result.GetValue(month) ?? current;
                await using var dataSource = context.DataSource(result);
                var plans = new QuotaPlans(dataSource, new LedgerBatchWriter());
                var plan = await plans.PlanOfAsync(userId, cancellationToken) ?? options.DefaultPlan;
                if (shown == current)
                {
                    // A status read in a new month rolls it over, exactly as the month's first use would.
                    await plans.RollOverAsync(userId, current, options.LimitOf(plan), now, cancellationToken);
                }

                var queries = new QuotaQueries(dataSource);
                var status = await queries.StatusAsync(userId, shown, cancellationToken);
                var resets = await queries.ResetsAsync(userId, 12, cancellationToken);
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(
                        new
                        {
                            status.UserId,
                            status.Month,
                            plan,
                            status.MonthlyUsed,
                            status.MonthlyLimit,
                            status.MonthlyRemaining,
                            resets,
                        }
                    );
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync(
                    $"{userId} ({plan} plan), {shown}: used {status.MonthlyUsed} of {status.MonthlyLimit}, "
                        + $"{status.MonthlyRemaining} remaining"
                );
                foreach (var reset in resets)
                {
                    await context.Output.WriteLineAsync(
                        $"  {reset.Month} opened {reset.RecordedAt:u} with {reset.Limit}; "
                            + $"{reset.LapsedFromPreviousMonth} unused lapsed from the month before"
                    );
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

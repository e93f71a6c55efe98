using System.CommandLine;
using Messaging.Ledger.Quotas;

namespace Messaging.Admin.Quotas;

// Seed 004's checks: a user not rolled over into the current month means the processor's sweeper is not running.
internal static class QuotaHealthCommand
{
    public static Command Create(AdminContext context)
    {
        var command = new Command(
            "health",
            "Users not rolled over into the current month (stale) and deductions refused in the last day; exit 2 when a user is stale."
        );
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var month = QuotaMonth.Of(DateTimeOffset.UtcNow, context.Settings.Quotas.Zone);
                await using var dataSource = context.DataSource(result);
                var health = await new QuotaQueries(dataSource).HealthAsync(month, cancellationToken);
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(health);
                }
                else
                {
                    await context.Output.WriteLineAsync(
                        $"{month}: {health.Users} user(s) with a quota, {health.Current} current, {health.Stale} "
                            + $"stale; {health.RefusedLastDay} deduction(s) refused in the last day"
                    );
                    if (!health.Healthy)
                    {
                        await context.Output.WriteLineAsync(
                            $"UNHEALTHY: {health.Stale} user(s) not rolled over into {month} (e.g. "
                                + $"{string.Join(", ", health.StaleSample)}). Is the processor running? Its sweeper rolls "
                                + "idle users over every Quotas:SweepInterval; any use or `quota USER` rolls one over too."
                        );
                    }
                }

                return health.Healthy ? ExitCodes.Ok : ExitCodes.Discrepancies;
            }
        );
        return command;
    }
}

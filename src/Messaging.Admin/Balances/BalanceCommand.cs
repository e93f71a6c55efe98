using System.CommandLine;
using Messaging.Ledger.Queries;

namespace Messaging.Admin.Balances;

internal static class BalanceCommand
{
    public static Command Create(AdminContext context)
    {
        var user = new Argument<string>("user") { Description = "The user id, as publishers send it." };
        var command = new Command(
            "balance",
            "Show a user's points: current, held by pending redemptions, available (current - held), "
                + "lifetime earned and redeemed, last earned."
        )
        {
            user,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                if (await new LedgerQueries(dataSource).UserFiguresAsync(result.GetValue(user)!, cancellationToken) is not { } figures)
                {
                    await context.Error.WriteLineAsync(
                        $"No wallet for user '{result.GetValue(user)}': nothing was ever credited to it. Check the "
                            + "id (it is case-sensitive)."
                    );
                    return ExitCodes.NotFound;
                }
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(figures);
                }
                else
                {
                    await context.Output.WriteLineAsync($"user              {figures.UserId}");
                    await context.Output.WriteLineAsync($"current points    {figures.CurrentPoints}");
                    await context.Output.WriteLineAsync($"held points       {figures.HeldPoints}");
                    await context.Output.WriteLineAsync($"available points  {figures.AvailablePoints}");
                    await context.Output.WriteLineAsync($"lifetime earned   {figures.LifetimeEarned}");
                    await context.Output.WriteLineAsync($"lifetime redeemed {figures.LifetimeRedeemed}");
                    await context.Output.WriteLineAsync($"lifetime refunded {figures.LifetimeRefunded}");
                    await context.Output.WriteLineAsync(
                        "last earned at    "
                            + $"{figures.LastEarnedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never"}"
                    );
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

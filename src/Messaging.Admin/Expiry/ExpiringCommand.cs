using System.CommandLine;
using System.Globalization;
using Messaging.Ledger.Expiry;

namespace Messaging.Admin.Expiry;

internal static class ExpiringCommand
{
    public static Command Create(AdminContext context)
    {
        var user = new Argument<string>("user") { Description = "The user id, as publishers send it." };
        var command = new Command(
            "expiring",
            "Show when a user's points expire: each lot that will, soonest first (spending draws them in that order), "
                + "and how much of the balance never expires."
        )
        {
            user,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                var userId = result.GetValue(user)!;
                if (await new LotQueries(dataSource).ExpiringAsync(userId, cancellationToken) is not { } expiring)
                {
                    await context.Error.WriteLineAsync(
                        $"No wallet for user '{userId}': nothing was ever credited to it. Check the id (it is case-sensitive)."
                    );
                    return ExitCodes.NotFound;
                }

                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(expiring);
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync($"user            {expiring.UserId}");
                await context.Output.WriteLineAsync($"balance         {expiring.Balance}");
                await context.Output.WriteLineAsync($"never expiring  {expiring.NeverExpiring}");
                if (expiring.Lots.Count == 0)
                {
                    await context.Output.WriteLineAsync("no points expire");
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync($"{"expires at", -22}{"points", 8}  lot");
                foreach (var lot in expiring.Lots)
                {
                    await context.Output.WriteLineAsync(
                        $"{lot.ExpiresAt.ToString("u", CultureInfo.InvariantCulture), -22}{lot.Remaining, 8}  {lot.LotKey} "
                            + $"({lot.EntryType}, {lot.Remaining} of {lot.Amount} left, credited "
                            + $"{lot.CreditedAt.ToString("u", CultureInfo.InvariantCulture)})"
                    );
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

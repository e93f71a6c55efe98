using System.CommandLine;
using System.Globalization;
using Messaging.Ledger.Expiry;

namespace Messaging.Admin.Expiry;

internal static class ExplainCommand
{
    public static Command Create(AdminContext context)
    {
        var user = new Argument<string>("user") { Description = "The user id, as publishers send it." };
        var all = new Option<bool>("--all") { Description = "Show the lots drawn to nothing too: the wallet's whole history of lots." };
        var command = new Command(
            "explain",
            "Explain a user's balance: the lots it is made of (each a credit, soonest to expire first, the order spending draws "
                + "them in), what is left of each, and every entry that consumed it."
        )
        {
            user,
            all,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                var userId = result.GetValue(user)!;
                if (await new LotQueries(dataSource).ExplainAsync(userId, result.GetValue(all), cancellationToken) is not { } explained)
                {
                    await context.Error.WriteLineAsync(
                        $"No wallet for user '{userId}': nothing was ever credited to it. Check the id (it is case-sensitive)."
                    );
                    return ExitCodes.NotFound;
                }

                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(explained);
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync(
                    $"{explained.UserId}: {explained.Balance} points ({explained.Held} held) = the sum of what is left of these lots"
                );
                foreach (var lot in explained.Lots)
                {
                    var expires = lot.ExpiresAt is { } at ? "expires " + at.ToString("u", CultureInfo.InvariantCulture) : "never expires";
                    await context.Output.WriteLineAsync(
                        $"{lot.Remaining, 8} of {lot.Amount, -8} {lot.LotKey} ({lot.EntryType}, credited "
                            + $"{lot.CreditedAt.ToString("u", CultureInfo.InvariantCulture)}, {expires})"
                    );
                    foreach (var draw in lot.Draws)
                    {
                        await context.Output.WriteLineAsync(
                            $"{"", 10}- {draw.Points} by {draw.EntryKey} ({draw.EntryType}, "
                                + $"{draw.RecordedAt.ToString("u", CultureInfo.InvariantCulture)})"
                        );
                    }
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using Messaging.Ledger.Queries;
using Spectre.Console;

namespace Messaging.Admin.Summaries;

// Seed 000's --summary.
internal static class SummaryCommand
{
    public static Command Create(AdminContext context)
    {
        var top = new Option<int>("--top") { Description = "How many users to list (by current points).", DefaultValueFactory = _ => 10 };
        top.Validators.Add(r =>
        {
            if (r.GetValue(top) is < 1 or > 10_000)
            {
                r.AddError("--top must be between 1 and 10000.");
            }
        });
        var command = new Command("summary", "Show totals over all users and the top users by current points.") { top };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                var summary = await new LedgerQueries(dataSource).SummaryAsync(result.GetValue(top), cancellationToken);
                var users = summary.TopUsers;
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(summary);
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync(
                    $"users {summary.Users}, current points {summary.CurrentPoints}, lifetime earned "
                        + $"{summary.LifetimeEarned}, lifetime redeemed {summary.LifetimeRedeemed}"
                );
                if (context.Interactive(result))
                {
                    var table = new Table()
                        .AddColumn("user")
                        .AddColumn(new TableColumn("current").RightAligned())
                        .AddColumn(new TableColumn("earned").RightAligned());
                    foreach (var user in users)
                    {
                        table.AddRow(
                            Markup.Escape(user.UserId),
                            user.CurrentPoints.ToString(CultureInfo.InvariantCulture),
                            user.LifetimeEarned.ToString(CultureInfo.InvariantCulture)
                        );
                    }

                    AnsiConsole.Write(table);
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync($"{"user", -30} {"current", 12} {"earned", 12}");
                foreach (var user in users)
                {
                    await context.Output.WriteLineAsync($"{user.UserId, -30} {user.CurrentPoints, 12} {user.LifetimeEarned, 12}");
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

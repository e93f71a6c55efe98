using System.CommandLine;
using System.Globalization;
using Messaging.Ledger.Rewards;
using Spectre.Console;

namespace Messaging.Admin.Rewards;

internal static class RewardListCommand
{
    public static Command Create(AdminContext context)
    {
        var command = new Command(
            "list",
            "List every reward: id, name, cost, active, stock (or unlimited), validity days, fulfilment kind."
        );
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                var rewards = await RewardCatalog.ListAsync(dataSource, cancellationToken);

                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(rewards);
                    return ExitCodes.Ok;
                }

                if (context.Interactive(result))
                {
                    var table = new Table()
                        .AddColumn("id")
                        .AddColumn("name")
                        .AddColumn(new TableColumn("cost").RightAligned())
                        .AddColumn("active")
                        .AddColumn(new TableColumn("stock").RightAligned())
                        .AddColumn(new TableColumn("validity days").RightAligned())
                        .AddColumn("fulfilment");
                    foreach (var r in rewards)
                    {
                        table.AddRow(
                            Markup.Escape(r.Id),
                            Markup.Escape(r.Name),
                            r.Cost.ToString(CultureInfo.InvariantCulture),
                            r.Active ? "yes" : "no",
                            r.StockText,
                            r.ValidityDays.ToString(CultureInfo.InvariantCulture),
                            Markup.Escape(r.FulfilmentKind)
                        );
                    }

                    AnsiConsole.Write(table);
                }
                else
                {
                    await context.Output.WriteLineAsync(
                        $"{"id", -24} {"name", -30} {"cost", 10} {"active", -6} {"stock", 10} {"validity", 8} fulfilment"
                    );
                    foreach (var r in rewards)
                    {
                        await context.Output.WriteLineAsync(
                            $"{r.Id, -24} {r.Name, -30} {r.Cost, 10} {(r.Active ? "yes" : "no"), -6} {r.StockText, 10} "
                                + $"{r.ValidityDays, 8} {r.FulfilmentKind}"
                        );
                    }
                }

                await context.Output.WriteLineAsync($"{rewards.Count} reward(s), {rewards.Count(r => r.Active)} active");
                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

using System.CommandLine;
using Messaging.Ledger.Queries;

namespace Messaging.Admin.Reports;

internal static class ReportCommand
{
    public static Command Create(AdminContext context)
    {
        var by = new Option<string>("--by")
        {
            Description = "Period: day or week (weeks start on Monday, UTC).",
            DefaultValueFactory = _ => "day",
        };
        by.AcceptOnlyFromAmong("day", "week");
        var from = new Option<DateTimeOffset?>("--from") { Description = "First instant included (default: 30 days ago)." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "First instant excluded (default: now)." };
        var earned = new Command("earned", "Points credited to users per period and entry type.") { by, from, to };
        earned.SetAction(
            async (result, cancellationToken) =>
            {
                var end = result.GetValue(to) ?? DateTimeOffset.UtcNow;
                var start = result.GetValue(from) ?? end.AddDays(-30);
                await using var dataSource = context.DataSource(result);
                var period = result.GetValue(by) == "week" ? EarnedPeriod.Week : EarnedPeriod.Day;
                var rows = await new LedgerQueries(dataSource).EarnedAsync(period, start, end, cancellationToken);

                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(rows);
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync($"{"period", -12} {"entry type", -14} {"entries", 9} {"points", 12}");
                foreach (var row in rows)
                {
                    await context.Output.WriteLineAsync(
                        $"{row.Period:yyyy-MM-dd}   {row.EntryType, -14} {row.Entries, 9} {row.Points, 12}"
                    );
                }

                await context.Output.WriteLineAsync(
                    $"total {rows.Sum(r => r.Points)} points in {rows.Sum(r => r.Entries)} entries, {start:u} to {end:u}"
                );
                return ExitCodes.Ok;
            }
        );

        var command = new Command("report", "Reports over the ledger.");
        command.Subcommands.Add(earned);
        command.Subcommands.Add(AllocationReportCommand.Create(context));
        command.Subcommands.Add(TenantActivityReportCommand.Create(context, topTenants: false));
        command.Subcommands.Add(TenantActivityReportCommand.Create(context, topTenants: true));
        command.Subcommands.Add(UsageReportCommand.Create(context));
        command.Subcommands.Add(ResetReportCommand.Create(context));
        return command;
    }
}

using System.CommandLine;
using Messaging.Ledger.Tenants;

namespace Messaging.Admin.Reports;

// Seed 002's allocation activity and weekly allocation summary.
internal static class AllocationReportCommand
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
        var command = new Command("allocations", "Allocations and clawbacks per period: how many, how many points, to how many tenants.")
        {
            by,
            from,
            to,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var end = result.GetValue(to) ?? DateTimeOffset.UtcNow;
                var start = result.GetValue(from) ?? end.AddDays(-30);
                await using var dataSource = context.DataSource(result);
                var rows = await new TenantReports(dataSource).AllocationsAsync(
                    result.GetValue(by) == "week",
                    start,
                    end,
                    cancellationToken
                );
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(rows);
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync(
                    $"{"period", -12} {"allocations", 11} {"allocated", 12} {"clawbacks", 9} {"clawed back", 12} {"tenants", 7}"
                );
                foreach (var row in rows)
                {
                    await context.Output.WriteLineAsync(
                        $"{row.Period:yyyy-MM-dd}   {row.Allocations, 11} {row.PointsAllocated, 12} "
                            + $"{row.Clawbacks, 9} {row.PointsClawedBack, 12} {row.Tenants, 7}"
                    );
                }

                await context.Output.WriteLineAsync(
                    $"total {rows.Sum(r => r.PointsAllocated)} points allocated, "
                        + $"{rows.Sum(r => r.PointsClawedBack)} clawed back, {start:u} to {end:u}"
                );
                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

using System.CommandLine;
using Messaging.Ledger.Quotas;

namespace Messaging.Admin.Reports;

// Seed 004's report of resets by month.
internal static class ResetReportCommand
{
    public static Command Create(AdminContext context)
    {
        var months = new Option<int>("--months")
        {
            Description = "How many months, newest first (1 to 120).",
            DefaultValueFactory = _ => 12,
        };
        months.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 120)
            {
                r.AddError($"--months must be between 1 and 120 (got {r.GetValueOrDefault<int>()}).");
            }
        });
        var command = new Command(
            "resets",
            "Quota resets per month: users whose month opened, tokens granted, and unused tokens lapsed when it closed."
        )
        {
            months,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                var rows = await new QuotaQueries(dataSource).ResetsByMonthAsync(result.GetValue(months), cancellationToken);
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(rows);
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync($"{"month", -8} {"resets", 8} {"tokens granted", 16} {"tokens lapsed", 15}");
                foreach (var row in rows)
                {
                    await context.Output.WriteLineAsync($"{row.Month, -8} {row.Resets, 8} {row.TokensGranted, 16} {row.TokensLapsed, 15}");
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

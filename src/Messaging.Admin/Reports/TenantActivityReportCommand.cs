using System.CommandLine;
using Messaging.Ledger.Tenants;

namespace Messaging.Admin.Reports;

// Seed 002's tenant activity and top tenants queries, over the journal.
internal static class TenantActivityReportCommand
{
    public static Command Create(AdminContext context, bool topTenants)
    {
        var top = new Option<int>("--top")
        {
            Description = "How many tenants (1-10000).",
            DefaultValueFactory = _ => topTenants ? 20 : 10_000,
        };
        var command = topTenants
            ? new Command(
                "top-tenants",
                "The tenants that received the most points, with their allocations, clawbacks, recognitions and pool."
            )
            {
                top,
            }
            : new Command("tenant-activity", "Every tenant's allocations, clawbacks, recognitions and pool, largest pool first.") { top };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                r.AddError($"--top must be between 1 and 10000 (got {r.GetValueOrDefault<int>()}).");
            }
        });
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                var rows = await new TenantReports(dataSource).ActivityAsync(topTenants, result.GetValue(top), cancellationToken);
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(rows);
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync(
                    $"{"tenant", -20} {"allocations", 11} {"received", 12} {"clawed back", 12} "
                        + $"{"recognitions", 12} {"recognised", 12} {"pool", 12}"
                );
                foreach (var r in rows)
                {
                    await context.Output.WriteLineAsync(
                        $"{r.TenantId, -20} {r.Allocations, 11} {r.TotalReceived, 12} {r.ClawedBack, 12} "
                            + $"{r.Recognitions, 12} {r.PointsRecognised, 12} {r.PoolBalance, 12}"
                    );
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

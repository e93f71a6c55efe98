using System.CommandLine;
using Messaging.Ledger.Tenants;

namespace Messaging.Admin.Tenants;

internal static class TenantShowCommand
{
    public static Command Create(AdminContext context)
    {
        var id = new Argument<string>("id") { Description = "The tenant id." };
        var limit = new Option<int>("--limit")
        {
            Description = "How many of the latest movements to show (1-1000).",
            DefaultValueFactory = _ => 20,
        };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                r.AddError($"--limit must be between 1 and 1000 (got {r.GetValueOrDefault<int>()}).");
            }
        });
        var command = new Command(
            "show",
            "A tenant's pool (balance, allocated, clawed back, recognised) and its latest movements, newest first."
        )
        {
            id,
            limit,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var tenantId = result.GetValue(id)!;
                await using var dataSource = context.DataSource(result);
                if ((await new TenantDirectory(dataSource).ListAsync(tenantId, cancellationToken)).SingleOrDefault() is not { } tenant)
                {
                    await context.Error.WriteLineAsync(
                        $"No tenant '{tenantId}' is registered (ids are case-sensitive). `tenants` lists them; `tenant add` registers one."
                    );
                    return ExitCodes.NotFound;
                }

                var movements = await new TenantReports(dataSource).MovementsAsync(tenantId, result.GetValue(limit), cancellationToken);
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(new { tenant, movements });
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync(
                    $"tenant {tenant.TenantId} ({tenant.Name}), {tenant.TimeZone}, "
                        + $"{TenantCommand.AllowanceText(tenant.MonthlyGivingAllowance)}"
                );
                await context.Output.WriteLineAsync(
                    $"pool {tenant.PoolBalance} points: allocated {tenant.Allocated}, clawed back "
                        + $"{tenant.ClawedBack}, recognised {tenant.Recognised}"
                );
                foreach (var m in movements)
                {
                    await context.Output.WriteLineAsync(
                        $"{m.OccurredAt:u}  {m.EntryType, -18} {m.Points, 10}  {m.CommandId}  {m.Counterparty}  {m.Note}"
                    );
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

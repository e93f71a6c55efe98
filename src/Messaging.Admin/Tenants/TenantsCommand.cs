using System.CommandLine;
using Messaging.Ledger.Tenants;

namespace Messaging.Admin.Tenants;

internal static class TenantsCommand
{
    public static Command Create(AdminContext context)
    {
        var command = new Command(
            "tenants",
            "List registered tenants with their pools: balance, allocated, clawed back, recognised; time zone and giving allowance."
        );
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                var tenants = await new TenantDirectory(dataSource).ListAsync(null, cancellationToken);
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(tenants);
                    return ExitCodes.Ok;
                }

                await context.Output.WriteLineAsync(
                    $"{"tenant", -20} {"pool", 12} {"allocated", 12} {"clawed back", 12} {"recognised", 12}  time zone / allowance"
                );
                foreach (var t in tenants)
                {
                    await context.Output.WriteLineAsync(
                        $"{t.TenantId, -20} {t.PoolBalance, 12} {t.Allocated, 12} {t.ClawedBack, 12} "
                            + $"{t.Recognised, 12}  {t.TimeZone} / {TenantCommand.AllowanceText(t.MonthlyGivingAllowance)}"
                    );
                }

                await context.Output.WriteLineAsync($"{tenants.Count} tenant(s), {tenants.Sum(t => t.PoolBalance)} points in pools");
                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

using System.CommandLine;
using System.Text.RegularExpressions;
using Messaging.Ledger.Tenants;

namespace Messaging.Admin.Tenants;

// Allocations and recognitions to an unregistered tenant are refused. The processor sees a change within a few seconds.
internal static partial class TenantSaveCommand
{
    public static Command Create(AdminContext context, bool adding)
    {
        var id = new Argument<string>("id")
        {
            Description = "The tenant id (1-100 letters, digits, '.', '_' or '-'), as messages name it.",
        };
        var name = new Option<string?>("--name")
        {
            Description = "Its display name (1-200 characters)." + (adding ? " Default: the id." : ""),
        };
        var zone = new Option<string?>("--time-zone")
        {
            Description = "The IANA time zone its calendar months follow (giving allowances)." + (adding ? " Default: UTC." : ""),
        };
        var allowance = new Option<long?>("--giving-allowance")
        {
            Description = "Points each giver may grant per calendar month (0 or more); unused allowance lapses.",
        };
        var noAllowance = new Option<bool>("--no-allowance") { Description = "Remove the giving allowance: only the pool limits giving." };
        var command = adding
            ? new Command(
                "add",
                "Register a tenant so points can be allocated to it and its people can recognise each other. Recorded in operator_actions."
            )
            {
                id,
                name,
                zone,
                allowance,
            }
            : new Command("set", "Change a registered tenant; options left out keep their value. Recorded in operator_actions.")
            {
                id,
                name,
                zone,
                allowance,
                noAllowance,
            };
        command.Validators.Add(r =>
        {
            var idValue = r.GetValue(id) ?? "";
            if (idValue.Length is 0 or > 100 || !TenantIdPattern().IsMatch(idValue))
            {
                r.AddError(
                    $"The tenant id '{idValue}' is not valid: use 1 to 100 letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit."
                );
            }

            if (r.GetValue(name) is { } nameValue && (string.IsNullOrWhiteSpace(nameValue) || nameValue.Length > 200))
            {
                r.AddError("--name must be 1 to 200 characters.");
            }

            if (r.GetValue(zone) is { } zoneValue && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneValue, out _))
            {
                r.AddError(
                    $"--time-zone '{zoneValue}' is not a time zone this machine knows; use an IANA name such as UTC or Europe/Paris."
                );
            }

            if (r.GetValue(allowance) is < 0)
            {
                r.AddError($"--giving-allowance must be 0 or more points (got {r.GetValue(allowance)}); use --no-allowance to remove it.");
            }

            if (!adding && r.GetResult(allowance) is not null && r.GetValue(noAllowance))
            {
                r.AddError("Give either --giving-allowance or --no-allowance, not both.");
            }
        });

        command.SetAction(
            async (result, cancellationToken) =>
            {
                var tenantId = result.GetValue(id)!;
                await using var dataSource = context.DataSource(result);
                var directory = new TenantDirectory(dataSource);
                var exists = await directory.FindAsync(tenantId, cancellationToken) is not null;
                if (adding && exists)
                {
                    await context.Error.WriteLineAsync(
                        $"Tenant '{tenantId}' is already registered. Change it with `tenant set {tenantId} ...`; `tenants` lists them all."
                    );
                    return ExitCodes.Refused;
                }

                if (!adding && !exists)
                {
                    await context.Error.WriteLineAsync(
                        $"No tenant '{tenantId}' is registered (ids are case-sensitive). Register it with `tenant "
                            + $"add {tenantId} --name <name>`; `tenants` lists them all."
                    );
                    return ExitCodes.NotFound;
                }

                var allowanceGiven = result.GetResult(allowance) is not null || (!adding && result.GetValue(noAllowance));
                var (tenant, created) = await directory.SaveAsync(
                    tenantId,
                    result.GetValue(name),
                    result.GetValue(zone),
                    allowanceGiven,
                    result.GetValue(allowance),
                    context.OperatorName(result),
                    cancellationToken
                );
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(new { created, tenant });
                }
                else
                {
                    await context.Output.WriteLineAsync(
                        $"{tenant.TenantId}  {tenant.Name}  {tenant.TimeZone}  {TenantCommand.AllowanceText(tenant.MonthlyGivingAllowance)}"
                    );
                    await context.Output.WriteLineAsync(
                        $"tenant {tenant.TenantId} {(created ? "registered" : "changed")}; recorded in operator_actions"
                    );
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }

    // The database's ck_tenants_tenant_id, checked first so a mistake is a usage error, not a failed write.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TenantIdPattern();
}

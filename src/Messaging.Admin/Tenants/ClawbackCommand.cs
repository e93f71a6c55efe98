using System.CommandLine;
using Messaging.Contracts.Tenants;
using Messaging.Ledger.Tenants;

namespace Messaging.Admin.Tenants;

// Takes at most what the pool holds, never from users' wallets.
internal static class ClawbackCommand
{
    public static Command Create(AdminContext context)
    {
        var tenant = new Argument<string>("tenant") { Description = "The registered tenant whose pool gives points back." };
        var points = new Argument<long>("points")
        {
            Description = "Points to take back (at least 1); if the pool holds less, its whole balance is taken.",
        };
        var reason = new Option<string>("--reason") { Description = "Why (kept in the allocation log).", Required = true };
        var id = new Option<string?>("--clawback-id")
        {
            Description = "The clawback's id (default: a new one). Sending the same id again is applied once.",
        };
        var wait = TenantCommandOptions.Wait();
        var command = new Command(
            "clawback",
            "Take points back from a tenant's pool as an authorised admin, at most what the pool "
                + "holds, and print requested, applied and shortfall."
        )
        {
            tenant,
            points,
            reason,
            id,
            wait,
        };
        context.AddRabbitOptionsTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(points) < 1)
            {
                r.AddError($"points must be at least 1 (got {r.GetValue(points)}).");
            }

            TenantCommandOptions.CheckNote(r, r.GetValue(reason), "--reason");
        });
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var clawbackId = result.GetValue(id) ?? $"clawback-{Guid.NewGuid():N}";
                var message = new ClawbackFromTenant(
                    clawbackId,
                    result.GetValue(tenant)!,
                    result.GetValue(points),
                    result.GetValue(reason)!,
                    context.OperatorName(result),
                    DateTimeOffset.UtcNow
                );
                return await TenantCommandOptions.SendAsync(
                    context,
                    result,
                    message.TenantId,
                    "clawback-from-tenant",
                    "tenant-clawed-back",
                    message,
                    "clawbackId",
                    clawbackId,
                    Clawbacks.KeyOf(clawbackId),
                    result.GetValue(wait),
                    async answer =>
                    {
                        // An empty pool is recorded as a refusal and answered with applied 0: both say the same, take whichever came first.
                        var (applied, shortfall, pool) = answer.Outcome is { } o
                            ? (
                                o.GetProperty("appliedPoints").GetInt64(),
                                o.GetProperty("shortfall").GetInt64(),
                                o.GetProperty("poolBalance").GetInt64()
                            )
                            : (0L, message.Points, 0L);
                        await context.Output.WriteLineAsync(
                            $"clawback {clawbackId}: {applied} of {message.Points} points taken back from tenant {message.TenantId}'s pool"
                                + (shortfall > 0 ? $", shortfall {shortfall} (the pool held less)" : "")
                                + $"; pool now {pool}"
                        );
                        return ExitCodes.Ok;
                    },
                    cancellationToken
                );
            }
        );
        return command;
    }
}

using System.CommandLine;
using Messaging.Contracts.Tenants;
using Messaging.Ledger.Tenants;

namespace Messaging.Admin.Tenants;

// Publishes with the admin's own broker credentials: the processor applies it only when that user is on Tenants:Administrators.
internal static class AllocateCommand
{
    public static Command Create(AdminContext context)
    {
        var tenant = new Argument<string>("tenant") { Description = "The registered tenant whose pool receives the points." };
        var points = new Argument<long>("points") { Description = "Points to mint (at least 1)." };
        var note = new Option<string>("--reference-note")
        {
            Description = "Why: an invoice or contract reference (kept in the allocation log).",
            DefaultValueFactory = _ => "",
        };
        var id = new Option<string?>("--allocation-id")
        {
            Description = "The allocation's id (default: a new one). Sending the same id again is applied once.",
        };
        var wait = TenantCommandOptions.Wait();
        var command = new Command(
            "allocate",
            "Mint points into a tenant's pool as an authorised admin (your RabbitMQ user must be on "
                + "the processor's Tenants:Administrators), and print the answer."
        )
        {
            tenant,
            points,
            note,
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

            TenantCommandOptions.CheckNote(r, r.GetValue(note), "--reference-note");
        });
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var allocationId = result.GetValue(id) ?? $"alloc-{Guid.NewGuid():N}";
                var message = new AllocateToTenant(
                    allocationId,
                    result.GetValue(tenant)!,
                    result.GetValue(points),
                    result.GetValue(note)!,
                    context.OperatorName(result),
                    DateTimeOffset.UtcNow
                );
                return await TenantCommandOptions.SendAsync(
                    context,
                    result,
                    message.TenantId,
                    "allocate-to-tenant",
                    "tenant-allocated",
                    message,
                    "allocationId",
                    allocationId,
                    Allocations.KeyOf(allocationId),
                    result.GetValue(wait),
                    async answer =>
                    {
                        var o = answer.Outcome!.Value;
                        await context.Output.WriteLineAsync(
                            $"allocation {allocationId}: {o.GetProperty("points").GetInt64()} points minted into tenant "
                                + $"{message.TenantId}'s pool, "
                                + $"now {o.GetProperty("poolBalance").GetInt64()} (authorised as "
                                + $"{o.GetProperty("authorisedBy").GetString()})"
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

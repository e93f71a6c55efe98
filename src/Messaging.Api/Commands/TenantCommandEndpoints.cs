using System.Text.Json;
using Messaging.Api.Errors;
using Messaging.Api.Limits;
using Messaging.Api.Security;
using Messaging.Contracts;
using Messaging.Contracts.Gate;
using Messaging.Contracts.Tenants;
using Messaging.Ledger.Commands;
using Messaging.Ledger.Tenants;

namespace Messaging.Api.Commands;

// Checked against the same published schema the processor's gate uses, queued with the operator log's record in one transaction
// (202 Accepted), then published by CommandDispatcher. The outcome comes as TenantAllocated / TenantClawedBack.
public static class TenantCommandEndpoints
{
    private static readonly ContractGate Gate = new(ContractSchemas.Published);

    public static void MapTenantCommandEndpoints(this IEndpointRouteBuilder app)
    {
        var commands = app.MapGroup("/api/v1/tenants/{tenantId}")
            .WithTags("Tenants")
            .RequireAuthorization(ApiRoles.CanAdminister)
            .RequireRateLimiting(ApiRateLimits.Allocations);

        commands
            .MapPost(
                "/allocations",
                (
                    string tenantId,
                    AllocationRequest request,
                    HttpContext http,
                    TenantDirectory tenants,
                    OperatorDatabase database,
                    CommandDispatcher dispatcher,
                    TimeProvider clock,
                    CancellationToken cancellationToken
                ) =>
                {
                    var command = new AllocateToTenant(
                        request.AllocationId ?? $"alloc-{Guid.NewGuid():N}",
                        tenantId,
                        request.Points,
                        request.ReferenceNote ?? "",
                        Caller.NameOf(http.User),
                        clock.GetUtcNow()
                    );
                    return QueueAsync(
                        command,
                        ContractExchanges.ExchangeFor(typeof(AllocateToTenant)),
                        "allocate",
                        command.AllocationId,
                        tenantId,
                        tenants,
                        database,
                        dispatcher,
                        http,
                        cancellationToken
                    );
                }
            )
            .WithSummary(
                "Allocate points from the platform to a tenant's pool (admin; limited per admin per hour); "
                    + "202 once queued, applied once per allocationId."
            );

        commands
            .MapPost(
                "/clawbacks",
                (
                    string tenantId,
                    ClawbackRequest request,
                    HttpContext http,
                    TenantDirectory tenants,
                    OperatorDatabase database,
                    CommandDispatcher dispatcher,
                    TimeProvider clock,
                    CancellationToken cancellationToken
                ) =>
                {
                    var command = new ClawbackFromTenant(
                        request.ClawbackId ?? $"claw-{Guid.NewGuid():N}",
                        tenantId,
                        request.Points,
                        request.Reason ?? "",
                        Caller.NameOf(http.User),
                        clock.GetUtcNow()
                    );
                    return QueueAsync(
                        command,
                        ContractExchanges.ExchangeFor(typeof(ClawbackFromTenant)),
                        "clawback",
                        command.ClawbackId,
                        tenantId,
                        tenants,
                        database,
                        dispatcher,
                        http,
                        cancellationToken
                    );
                }
            )
            .WithSummary(
                "Claw points back from a tenant's pool to the platform (admin; at most what the pool "
                    + "holds); 202 once queued, applied once per clawbackId."
            );
    }

    private static async Task<IResult> QueueAsync(
        object command,
        string exchange,
        string action,
        string commandId,
        string tenantId,
        TenantDirectory tenants,
        OperatorDatabase database,
        CommandDispatcher dispatcher,
        HttpContext http,
        CancellationToken cancellationToken
    )
    {
        try
        {
            // The processor's own gate, on the same schema: what it would dead-let is refused here, with the same words.
            Gate.CheckPlainJson(
                command.GetType(),
                JsonSerializer.SerializeToUtf8Bytes(command, command.GetType(), JsonSerializerOptions.Web)
            );
        }
        catch (MessageRejectedException rejected)
        {
            return BadRequest.Because(rejected.Message);
        }

        if (await tenants.FindAsync(tenantId, cancellationToken) is null)
        {
            return BadRequest.NotFound(
                $"No tenant '{tenantId}' is registered (ids are case-sensitive); register it with the admin "
                    + $"tool (`ledger tenant add {tenantId} --name NAME`)."
            );
        }

        if (database.DataSource is null)
        {
            return OperatorDatabase.NotConfigured("Commands");
        }

        var requestedBy = Caller.NameOf(http.User);
        var messageId = await new CommandQueue(database.DataSource).EnqueueAsync(
            exchange,
            command,
            requestedBy,
            action,
            command,
            cancellationToken
        );
        dispatcher.Wake();
        return Results.Accepted(
            $"/api/v1/tenants/{tenantId}",
            new
            {
                id = commandId,
                tenantId,
                messageId,
                status = "queued",
                requestedBy,
            }
        );
    }
}

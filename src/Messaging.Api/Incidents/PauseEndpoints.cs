using Messaging.Api.Commands;
using Messaging.Api.Errors;
using Messaging.Api.Security;
using Messaging.Ledger.Operations;
using Messaging.Operations.Broker;
using Messaging.Operations.Endpoints;

namespace Messaging.Api.Incidents;

public static class PauseEndpoints
{
    public static void MapPauseEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/pauses").WithTags("Incidents").RequireAuthorization(ApiRoles.CanOperate);

        group
            .MapGet("", async (EndpointPausesReader reader, CancellationToken cancellationToken) =>
                Results.Ok(new { paused = await reader.Pauses.ListAsync(cancellationToken) })
            )
            .WithSummary("The message types paused now, by whom, why and since when (CLI: paused).");

        group
            .MapPost("", async (PauseRequest request, HttpContext http, OperatorDatabase database, CancellationToken cancellationToken) =>
            {
                if (string.IsNullOrWhiteSpace(request.Reason))
                {
                    return BadRequest.Because(
                        "reason is empty: say why the message type is paused (it is shown by the health check and "
                            + "kept in the operator log)."
                    );
                }

                return await WithEndpointAsync(request.MessageType, database, async (pauses, messageType, queue) =>
                {
                    var changed = await pauses.PauseAsync(queue, messageType, request.Reason, Caller.NameOf(http.User), cancellationToken);
                    return Results.Ok(
                        new
                        {
                            messageType,
                            queue,
                            paused = true,
                            changed,
                        }
                    );
                });
            })
            .WithSummary(
                "Pause a message type (e.g. OrderCompleted): processors stop consuming its queue within "
                    + "seconds; its messages wait there (CLI: pause)."
            );

        group
            .MapDelete(
                "/{messageType}",
                (string messageType, HttpContext http, OperatorDatabase database, CancellationToken cancellationToken) =>
                    WithEndpointAsync(messageType, database, async (pauses, type, queue) =>
                    {
                        var changed = await pauses.ResumeAsync(queue, type, Caller.NameOf(http.User), cancellationToken);
                        return Results.Ok(
                            new
                            {
                                messageType = type,
                                queue,
                                paused = false,
                                changed,
                            }
                        );
                    })
            )
            .WithSummary("Resume a paused message type (CLI: resume).");
    }

    private static async Task<IResult> WithEndpointAsync(
        string? typeOrQueue,
        OperatorDatabase database,
        Func<EndpointPauses, string, string, Task<IResult>> action
    )
    {
        if (database.DataSource is null)
        {
            return OperatorDatabase.NotConfigured("Incident controls");
        }

        try
        {
            var (messageType, queue) = PausableEndpoints.Resolve(typeOrQueue ?? "");
            return await action(new EndpointPauses(database.DataSource), messageType, queue);
        }
        catch (BrokerProblemException problem)
        {
            return BadRequest.Because(problem.Message);
        }
    }
}

using Messaging.Api.Commands;
using Messaging.Api.Errors;
using Messaging.Api.Security;
using Messaging.Ledger.Corrections;

namespace Messaging.Api.Entries;

// For admins: a reversal moves points, as allocations do. Written as the operator's login, with the operator log's record in the same
// transaction.
public static class ReversalEndpoints
{
    public static void MapReversalEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost(
                "/api/v1/entries/{key}/reversal",
                async (
                    string key,
                    ReversalRequest request,
                    HttpContext http,
                    OperatorDatabase database,
                    TimeProvider clock,
                    CancellationToken cancellationToken
                ) =>
                {
                    if (string.IsNullOrWhiteSpace(request.Reason))
                    {
                        return BadRequest.Because(
                            "reason is empty: say why the entry is reversed (it is kept on the reversal and in the operator log)."
                        );
                    }

                    if (database.DataSource is null)
                    {
                        return OperatorDatabase.NotConfigured("Corrections");
                    }

                    var outcome = await new EntryReversal(database.DataSource, clock).ReverseAsync(
                        key,
                        request.Reason,
                        Caller.NameOf(http.User),
                        cancellationToken
                    );
                    return outcome.Kind switch
                    {
                        ReversalOutcomeKind.NotFound => BadRequest.NotFound(outcome.Message),
                        ReversalOutcomeKind.Refused => Results.Problem(
                            title: "Not reversed",
                            detail: outcome.Message,
                            statusCode: StatusCodes.Status409Conflict
                        ),
                        _ => Results.Ok(outcome),
                    };
                }
            )
            .WithTags("Entries")
            .RequireAuthorization(ApiRoles.CanAdminister)
            .WithSummary(
                "Reverse a journal entry with a compensating entry reversal:{key} (admin; once per entry; "
                    + "refused, 409, when an account would go below zero; CLI: reverse)."
            );
}

using Messaging.Api.Commands;
using Messaging.Api.Errors;
using Messaging.Api.Security;
using Messaging.Ledger.Adjustments;
using Microsoft.Extensions.Options;

namespace Messaging.Api.Adjustments;

// For admins: an adjustment moves points, as a reversal does. Written as the operator's login, with the operator log's record in the same
// transaction; the approver is the caller's token subject, which must differ from the requester's.
public static class AdjustmentEndpoints
{
    public static void MapAdjustmentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(
                "/api/v1/users/{userId}/adjustments",
                async (
                    string userId,
                    AdjustmentRequest request,
                    HttpContext http,
                    OperatorDatabase database,
                    IOptions<AdjustmentOptions> options,
                    TimeProvider clock,
                    CancellationToken cancellationToken
                ) =>
                {
                    if (WalletAdjustments.ProblemWith(request.Points, request.Reason) is { } problem)
                    {
                        return BadRequest.Because(problem);
                    }

                    if (database.DataSource is null)
                    {
                        return OperatorDatabase.NotConfigured("Adjustments");
                    }

                    var outcome = await new WalletAdjustments(database.DataSource, options.Value, clock).RequestAsync(
                        userId,
                        request.Points,
                        request.Reason!,
                        Caller.NameOf(http.User),
                        cancellationToken
                    );
                    return Answer(outcome);
                }
            )
            .WithTags("Adjustments")
            .RequireAuthorization(ApiRoles.CanAdminister)
            .WithSummary(
                "Adjust a wallet with a reason (admin): applied at once up to Adjustments:ApprovalThreshold (1,000), else pending for "
                    + "a second admin (202); refused, 409, when the wallet would go below zero (CLI: adjust)."
            );

        app.MapPost(
                "/api/v1/adjustments/{id:long}/approval",
                async (
                    long id,
                    HttpContext http,
                    OperatorDatabase database,
                    IOptions<AdjustmentOptions> options,
                    TimeProvider clock,
                    CancellationToken cancellationToken
                ) =>
                    database.DataSource is null
                        ? OperatorDatabase.NotConfigured("Adjustments")
                        : Answer(
                            await new WalletAdjustments(database.DataSource, options.Value, clock).ApproveAsync(
                                id,
                                Caller.NameOf(http.User),
                                cancellationToken
                            )
                        )
            )
            .WithTags("Adjustments")
            .RequireAuthorization(ApiRoles.CanAdminister)
            .WithSummary("Approve a pending adjustment as a second admin, not the one who asked (CLI: adjust approve).");

        app.MapPost(
                "/api/v1/adjustments/{id:long}/cancellation",
                async (
                    long id,
                    CancellationRequest request,
                    HttpContext http,
                    OperatorDatabase database,
                    IOptions<AdjustmentOptions> options,
                    TimeProvider clock,
                    CancellationToken cancellationToken
                ) =>
                    string.IsNullOrWhiteSpace(request.Reason)
                        ? BadRequest.Because(
                            "reason is empty: say why the adjustment is withdrawn (it is kept on it and in the operator log)."
                        )
                    : database.DataSource is null ? OperatorDatabase.NotConfigured("Adjustments")
                    : Answer(
                        await new WalletAdjustments(database.DataSource, options.Value, clock).CancelAsync(
                            id,
                            request.Reason,
                            Caller.NameOf(http.User),
                            cancellationToken
                        )
                    )
            )
            .WithTags("Adjustments")
            .RequireAuthorization(ApiRoles.CanAdminister)
            .WithSummary("Withdraw a pending adjustment with a reason (admin; the one who asked included; CLI: adjust cancel).");

        app.MapGet(
                "/api/v1/adjustments",
                async (
                    string? status,
                    int? limit,
                    OperatorDatabase database,
                    IOptions<AdjustmentOptions> options,
                    TimeProvider clock,
                    CancellationToken cancellationToken
                ) =>
                    BadRequest.UnlessBetween(limit ?? 50, 1000, "limit")
                    ?? (
                        database.DataSource is null
                            ? OperatorDatabase.NotConfigured("Adjustments")
                            : Results.Ok(
                                await new WalletAdjustments(database.DataSource, options.Value, clock).ListAsync(
                                    status,
                                    limit ?? 50,
                                    cancellationToken
                                )
                            )
                    )
            )
            .WithTags("Adjustments")
            .RequireAuthorization(ApiRoles.CanOperate)
            .WithSummary("Adjustments, newest first (?status=pending for those waiting; CLI: adjust list).");
    }

    private static IResult Answer(AdjustmentOutcome outcome) =>
        outcome.Kind switch
        {
            AdjustmentOutcomeKind.NotFound => BadRequest.NotFound(outcome.Message),
            AdjustmentOutcomeKind.Refused => Results.Problem(
                title: "Not adjusted",
                detail: outcome.Message,
                statusCode: StatusCodes.Status409Conflict
            ),
            AdjustmentOutcomeKind.AwaitingApproval => Results.Accepted(value: outcome),
            _ => Results.Ok(outcome),
        };
}

using Messaging.Api.Errors;
using Messaging.Api.Security;
using Messaging.Ledger.Operations;

namespace Messaging.Api.Operations;

public static class OperatorActionEndpoints
{
    public static void MapOperatorActionEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet(
                "/api/v1/operator-actions",
                async (string? @operator, int? limit, OperatorActionQueries queries, CancellationToken cancellationToken) =>
                    BadRequest.UnlessBetween(limit ?? 50, 1000, "limit")
                    ?? Results.Ok(await queries.LatestAsync(@operator, limit ?? 50, cancellationToken))
            )
            .WithTags("Operations")
            .RequireAuthorization(ApiRoles.CanOperate)
            .WithSummary("The operator log, newest first; operator=NAME for one operator's (API callers are api:SUBJECT).");
}

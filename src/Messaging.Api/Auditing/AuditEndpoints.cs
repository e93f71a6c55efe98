using Messaging.Api.Security;
using Messaging.Ledger.Auditing;

namespace Messaging.Api.Auditing;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/audit", async (string? user, LedgerAuditor auditor, CancellationToken cancellationToken) =>
                Results.Ok(await auditor.AuditAsync(user, cancellationToken))
            )
            .WithTags("Operations")
            .RequireAuthorization(ApiRoles.CanOperate)
            .WithSummary(
                "Every invariant the ledger promises, proved from its rows, with findings and what to do about each (CLI: audit)."
            );
}

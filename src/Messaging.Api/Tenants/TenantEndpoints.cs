using Messaging.Api.Errors;
using Messaging.Api.Security;
using Messaging.Ledger.Tenants;

namespace Messaging.Api.Tenants;

public static class TenantEndpoints
{
    public static void MapTenantEndpoints(this IEndpointRouteBuilder app)
    {
        var tenants = app.MapGroup("/api/v1/tenants").WithTags("Tenants").RequireAuthorization(ApiRoles.CanRead);

        tenants
            .MapGet("", async (TenantDirectory directory, CancellationToken cancellationToken) =>
                Results.Ok(await directory.ListAsync(null, cancellationToken))
            )
            .WithSummary("Registered tenants with their pools (CLI: tenants).");

        tenants
            .MapGet(
                "/{tenantId}",
                async (
                    string tenantId,
                    int? limit,
                    TenantDirectory directory,
                    TenantReports reports,
                    CancellationToken cancellationToken
                ) =>
                {
                    if (BadRequest.UnlessBetween(limit ?? 20, 1000, "limit") is { } badLimit)
                    {
                        return badLimit;
                    }

                    return (await directory.ListAsync(tenantId, cancellationToken)).SingleOrDefault() is { } tenant
                        ? Results.Ok(new { tenant, movements = await reports.MovementsAsync(tenantId, limit ?? 20, cancellationToken) })
                        : BadRequest.NotFound(
                            $"No tenant '{tenantId}' is registered (ids are case-sensitive); GET /api/v1/tenants lists them."
                        );
                }
            )
            .WithSummary("A tenant's pool and its latest allocations, clawbacks and recognitions (CLI: tenant show).");
    }
}

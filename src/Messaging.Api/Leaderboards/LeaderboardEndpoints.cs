using Messaging.Api.Errors;
using Messaging.Api.Security;
using Messaging.Ledger.Attendance;
using Messaging.Ledger.Tenants;
using Microsoft.Extensions.Options;

namespace Messaging.Api.Leaderboards;

public static class LeaderboardEndpoints
{
    public static void MapLeaderboardEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet(
                "/api/v1/leaderboard",
                async (
                    string? period,
                    string? tenant,
                    int? top,
                    DateTimeOffset? at,
                    AttendanceQueries queries,
                    TenantDirectory tenants,
                    IOptions<AttendanceOptions> options,
                    TimeProvider clock,
                    CancellationToken cancellationToken
                ) =>
                {
                    var kind = period ?? "week";
                    if (!LeaderboardPeriod.Kinds.Contains(kind))
                    {
                        return BadRequest.Because($"period must be one of {string.Join(", ", LeaderboardPeriod.Kinds)} (got '{kind}').");
                    }

                    if (BadRequest.UnlessBetween(top ?? 10, 1000, "top") is { } badTop)
                    {
                        return badTop;
                    }

                    var zone = options.Value.Zone;
                    if (tenant is not null)
                    {
                        if (await tenants.FindAsync(tenant, cancellationToken) is not { } found)
                        {
                            return BadRequest.NotFound(
                                $"No tenant '{tenant}' is registered (ids are case-sensitive); GET /api/v1/tenants lists them."
                            );
                        }

                        zone = TimeZoneInfo.FindSystemTimeZoneById(found.TimeZone);
                    }

                    var now = clock.GetUtcNow();
                    return Results.Ok(
                        await queries.LeaderboardAsync(
                            LeaderboardPeriod.Of(kind, at ?? now, zone),
                            tenant,
                            top ?? 10,
                            now,
                            cancellationToken
                        )
                    );
                }
            )
            .WithTags("Leaderboards")
            .RequireAuthorization(ApiRoles.CanRead)
            .WithSummary(
                "Users ranked by the points attendance earned them in a week, month or all time; ties share a rank (CLI: leaderboard)."
            );
}

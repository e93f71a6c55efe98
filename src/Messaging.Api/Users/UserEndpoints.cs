using Messaging.Api.Errors;
using Messaging.Api.Security;
using Messaging.Ledger.Attendance;
using Messaging.Ledger.Expiry;
using Messaging.Ledger.Queries;
using Messaging.Ledger.Quotas;
using Microsoft.Extensions.Options;

namespace Messaging.Api.Users;

public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/v1/users/{userId}").WithTags("Users").RequireAuthorization(ApiRoles.CanRead);

        users
            .MapGet("", async (string userId, LedgerQueries queries, CancellationToken cancellationToken) =>
                await queries.UserFiguresAsync(userId, cancellationToken) is { } figures ? Results.Ok(figures) : NoSuchUser(userId)
            )
            .WithSummary("A user's balance, held and available points, and lifetime figures (CLI: balance).");

        users
            .MapGet("/balance", async (string userId, string? at, LedgerQueries queries, CancellationToken cancellationToken) =>
            {
                if (!Instant.TryParse(at, out var instant))
                {
                    return BadRequest.Because($"at must be {Instant.Expected} (got '{at}').");
                }

                return await queries.BalanceAtAsync(userId, instant, cancellationToken) is { } balance
                    ? Results.Ok(balance)
                    : NoSuchUser(userId);
            })
            .WithSummary("A user's points as of an instant (?at=), summed from the postings recorded until then (CLI: balance --at).");

        users
            .MapGet("/expiring", async (string userId, LotQueries queries, CancellationToken cancellationToken) =>
                await queries.ExpiringAsync(userId, cancellationToken) is { } expiring ? Results.Ok(expiring) : NoSuchUser(userId)
            )
            .WithSummary("When a user's points expire: each lot that will, soonest first, and what never expires (CLI: expiring).");

        users
            .MapGet("/explain", async (string userId, bool? all, LotQueries queries, CancellationToken cancellationToken) =>
                await queries.ExplainAsync(userId, all ?? false, cancellationToken) is { } explained
                    ? Results.Ok(explained)
                    : NoSuchUser(userId)
            )
            .WithSummary(
                "Why a user holds what they hold: the lots of their balance, soonest to expire first, and the entries that consumed each "
                    + "(?all=true: the lots drawn to nothing too; CLI: explain)."
            );

        users
            .MapGet("/history", async (string userId, int? limit, LedgerQueries queries, CancellationToken cancellationToken) =>
                BadRequest.UnlessBetween(limit ?? 50, 1000, "limit")
                ?? Results.Ok(await queries.HistoryAsync(userId, limit ?? 50, cancellationToken))
            )
            .WithSummary("A user's latest journal entries, newest first (CLI: history).");

        users
            .MapGet(
                "/redemptions",
                async (string userId, int? limit, HttpContext http, LedgerQueries queries, CancellationToken cancellationToken) =>
                    BadRequest.UnlessBetween(limit ?? 50, 1000, "limit")
                    ?? Results.Ok(VoucherCodes.ForCaller(await queries.RedemptionsAsync(userId, limit ?? 50, cancellationToken), http.User))
            )
            .WithSummary(
                "A user's redemptions, newest first (CLI: redemptions); voucher codes in full for operators and admins, masked for viewers."
            );

        users
            .MapGet(
                "/streak",
                async (
                    string userId,
                    AttendanceQueries queries,
                    IOptions<AttendanceOptions> options,
                    TimeProvider clock,
                    CancellationToken cancellationToken
                ) =>
                    await queries.StreakAsync(userId, clock.GetUtcNow(), options.Value.Zone, cancellationToken) is { } streak
                        ? Results.Ok(streak)
                        : BadRequest.NotFound($"{userId} has no attendance on record (user ids are case-sensitive).")
            )
            .WithSummary("A user's weekly attendance streak and attended weeks (CLI: streak).");

        users
            .MapGet("/badges", async (string userId, AttendanceQueries queries, CancellationToken cancellationToken) =>
                await queries.BadgesAsync(userId, cancellationToken) is { } badges
                    ? Results.Ok(badges)
                    : BadRequest.NotFound($"{userId} has no attendance on record (user ids are case-sensitive).")
            )
            .WithSummary("A user's badge levels and the measures they follow (CLI: badges).");

        users
            .MapGet(
                "/quota",
                async (
                    string userId,
                    string? month,
                    QuotaQueries queries,
                    IOptions<QuotaOptions> options,
                    TimeProvider clock,
                    CancellationToken cancellationToken
                ) =>
                {
                    var shown = month ?? QuotaMonth.Of(clock.GetUtcNow(), options.Value.Zone);
                    if (!QuotaMonth.IsMonth(shown))
                    {
                        return BadRequest.Because($"month must be a month as yyyy-MM, such as 2026-11 (got '{shown}').");
                    }

                    return Results.Ok(
                        new
                        {
                            status = await queries.StatusAsync(userId, shown, cancellationToken),
                            resets = await queries.ResetsAsync(userId, 12, cancellationToken),
                        }
                    );
                }
            )
            .WithSummary(
                "A user's token quota for a month as the ledger holds it (CLI: quota; unlike the CLI, this read does not open a new month)."
            );
    }

    private static IResult NoSuchUser(string userId) =>
        BadRequest.NotFound(
            $"No account for user '{userId}' (user ids are case-sensitive); a user's wallet opens with their first points."
        );
}

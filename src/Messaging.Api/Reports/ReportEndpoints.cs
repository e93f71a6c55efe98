using Messaging.Api.Errors;
using Messaging.Api.Security;
using Messaging.Ledger.Queries;
using Messaging.Ledger.Quotas;
using Messaging.Ledger.Tenants;

namespace Messaging.Api.Reports;

public static class ReportEndpoints
{
    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/v1").WithTags("Reports").RequireAuthorization(ApiRoles.CanRead);

        reports
            .MapGet("/summary", async (int? top, LedgerQueries queries, CancellationToken cancellationToken) =>
                BadRequest.UnlessBetween(top ?? 10, 1000, "top") ?? Results.Ok(await queries.SummaryAsync(top ?? 10, cancellationToken))
            )
            .WithSummary("Totals and the users with the most points (CLI: summary).");

        reports
            .MapGet(
                "/reports/earned",
                async (
                    string? by,
                    DateTimeOffset? from,
                    DateTimeOffset? to,
                    LedgerQueries queries,
                    TimeProvider clock,
                    CancellationToken cancellationToken
                ) =>
                {
                    var range = ReportRange.Of(by, from, to, clock.GetUtcNow());
                    return range.Problem is { } problem
                        ? BadRequest.Because(problem)
                        : Results.Ok(
                            await queries.EarnedAsync(
                                range.ByWeek ? EarnedPeriod.Week : EarnedPeriod.Day,
                                range.Start,
                                range.End,
                                cancellationToken
                            )
                        );
                }
            )
            .WithSummary("Points credited to users per day or week and entry type (CLI: report earned).");

        reports
            .MapGet(
                "/reports/allocations",
                async (
                    string? by,
                    DateTimeOffset? from,
                    DateTimeOffset? to,
                    TenantReports tenants,
                    TimeProvider clock,
                    CancellationToken cancellationToken
                ) =>
                {
                    var range = ReportRange.Of(by, from, to, clock.GetUtcNow());
                    return range.Problem is { } problem
                        ? BadRequest.Because(problem)
                        : Results.Ok(await tenants.AllocationsAsync(range.ByWeek, range.Start, range.End, cancellationToken));
                }
            )
            .WithSummary("Points allocated to and clawed back from tenants per day or week (CLI: report allocations).");

        reports
            .MapGet("/reports/usage", async (string? month, QuotaQueries quotas, CancellationToken cancellationToken) =>
                !QuotaMonth.IsMonth(month)
                    ? BadRequest.Because($"month is required, as yyyy-MM such as 2026-11 (got '{month}').")
                    : Results.Ok(await quotas.UsageByFeatureAsync(month, cancellationToken))
            )
            .WithSummary("Token usage per feature in a month (CLI: report usage --by feature).");

        reports
            .MapGet("/reports/resets", async (int? months, QuotaQueries quotas, CancellationToken cancellationToken) =>
                BadRequest.UnlessBetween(months ?? 12, 120, "months")
                ?? Results.Ok(await quotas.ResetsByMonthAsync(months ?? 12, cancellationToken))
            )
            .WithSummary("Quota resets per month, newest first: users opened, tokens granted, tokens lapsed (CLI: report resets).");
    }
}

namespace Messaging.Api.Reports;

/// <summary>A report's periods as a caller asks for them: by day or week, from (default 30 days before the end) to (default now).</summary>
/// <param name="ByWeek">Weekly rather than daily.</param>
/// <param name="Start">First instant included.</param>
/// <param name="End">First instant excluded.</param>
/// <param name="Problem">What is wrong with the request, or null.</param>
public sealed record ReportRange(bool ByWeek, DateTimeOffset Start, DateTimeOffset End, string? Problem)
{
    public static ReportRange Of(string? by, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        var end = to ?? now;
        var start = from ?? end.AddDays(-30);
        var problem =
            by is not (null or "day" or "week") ? $"by must be day or week (got '{by}')."
            : start >= end ? $"from ({start:O}) must be before to ({end:O})."
            : null;
        return new ReportRange(by == "week", start, end, problem);
    }
}

namespace Messaging.Api.Reports;

/// <summary><see cref="Start"/> is included, <see cref="End"/> excluded; <see cref="Problem"/> says what is wrong with the request, or
/// null.</summary>
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

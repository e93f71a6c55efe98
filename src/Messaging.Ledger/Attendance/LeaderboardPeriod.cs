using System.Globalization;

namespace Messaging.Ledger.Attendance;

/// <summary>A leaderboard's period: an ISO week, a calendar month (in a time zone), or all time.</summary>
/// <param name="Kind"><c>week</c>, <c>month</c> or <c>all</c>.</param>
/// <param name="Name">How it is named: <c>2026-W48</c>, <c>2026-11</c>, <c>all time</c>.</param>
/// <param name="From">Its first instant (null: all time).</param>
/// <param name="To">The instant after it (null: all time, never closed).</param>
public sealed record LeaderboardPeriod(string Kind, string Name, DateTimeOffset? From, DateTimeOffset? To)
{
    public static readonly IReadOnlyList<string> Kinds = ["week", "month", "all"];

    public bool IsClosedAt(DateTimeOffset now) => To is { } end && now >= end;

    /// <summary>The period of kind <paramref name="kind"/> that <paramref name="at"/> falls in, on <paramref name="zone"/>'s
    /// calendar.</summary>
    public static LeaderboardPeriod Of(string kind, DateTimeOffset at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        switch (kind)
        {
            case "week":
                var monday = IsoWeeks.Of(at, zone);
                return new(kind, IsoWeeks.Name(monday), StartOf(monday, zone), StartOf(monday.AddDays(7), zone));
            case "month":
                var local = TimeZoneInfo.ConvertTime(at, zone);
                var first = new DateOnly(local.Year, local.Month, 1);
                return new(
                    kind,
                    first.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                    StartOf(first, zone),
                    StartOf(first.AddMonths(1), zone)
                );
            case "all":
                return new(kind, "all time", null, null);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, $"A leaderboard period is one of {string.Join(", ", Kinds)}.");
        }
    }

    /// <summary>Midnight at the start of <paramref name="day"/> in <paramref name="zone"/>.</summary>
    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

        // A zone that skips midnight (a daylight-saving jump) starts the day at the first instant that exists.
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }

        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }
}

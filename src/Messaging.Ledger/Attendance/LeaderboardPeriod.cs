using System.Globalization;

namespace Messaging.Ledger.Attendance;

/// <summary><see cref="Kind"/> is week, month or all; <see cref="From"/> and <see cref="To"/> (exclusive) are null for all time.</summary>
public sealed record LeaderboardPeriod(string Kind, string Name, DateTimeOffset? From, DateTimeOffset? To)
{
    public static readonly IReadOnlyList<string> Kinds = ["week", "month", "all"];

    public bool IsClosedAt(DateTimeOffset now) => To is { } end && now >= end;

    /// <summary>On <paramref name="zone"/>'s calendar.</summary>
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

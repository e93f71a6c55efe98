using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Messaging.Ledger.Attendance;

// Lists are comma-separated strings (Attendance__StreakBonuses=0,10,20,30,50): a bound list would add to the defaults instead of
// replacing them.
public sealed partial class AttendanceOptions : IValidatableObject
{
    public const string Section = "Attendance";

    /// <summary>When the message names none and its event type has no entry in <see cref="PointsByEventType"/>.</summary>
    [Range(1, 10_000, ErrorMessage = "Attendance:DefaultPoints must be between 1 and 10000.")]
    public long DefaultPoints { get; set; } = 10;

    /// <summary>When the message names none (environment: Attendance__PointsByEventType__workshop=25).</summary>
    public Dictionary<string, long> PointsByEventType { get; } = new(StringComparer.Ordinal);

    /// <summary>The IANA zone whose ISO weeks streaks follow for events without a tenant (a tenant's own zone wins).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Item i is the bonus of a week whose streak is i + 1 weeks long; longer streaks get the last. Must never decrease.</summary>
    public string StreakBonuses { get; set; } = "0,10,20,30,50";

    /// <summary>By code; the three of seed 003 by default.</summary>
    public Dictionary<string, BadgeOptions> Badges { get; } =
        new(StringComparer.Ordinal)
        {
            ["consistent-attendee"] = new()
            {
                Name = "Consistent Attendee",
                Measure = BadgeMeasure.LongestStreak,
                Thresholds = "2,4,8,12,26",
            },
            ["event-explorer"] = new()
            {
                Name = "Event Explorer",
                Measure = BadgeMeasure.DistinctEventTypes,
                Thresholds = "2,3,5,7,10",
            },
            ["regular"] = new()
            {
                Name = "Regular",
                Measure = BadgeMeasure.Attendances,
                Thresholds = "3,10,25,50,100",
            },
        };

    /// <summary>
    /// Achievement → bonus points for a special activity (seed 003), paid once per attendance that names it in its achievements
    /// (environment: Attendance__ActivityBonuses__hackathon=50). None by default.
    /// </summary>
    public Dictionary<string, long> ActivityBonuses { get; } = new(StringComparer.Ordinal);

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public long PointsFor(string eventType) => PointsByEventType.TryGetValue(eventType, out var points) ? points : DefaultPoints;

    /// <summary>Call after validation.</summary>
    public GamificationRules Rules() =>
        new(
            ParseList(StreakBonuses) ?? [],
            [
                .. Badges
                    .OrderBy(b => b.Key, StringComparer.Ordinal)
                    .Select(b => new BadgeRule(
                        b.Key,
                        b.Value.Name,
                        b.Value.Measure,
                        ParseList(b.Value.Thresholds) ?? [],
                        ParseList(b.Value.Points) ?? [],
                        b.Value.Measure == BadgeMeasure.EventTypeAttendances ? b.Value.EventType : null
                    )
                    {
                        Achievement = b.Value.Measure == BadgeMeasure.Achievements ? b.Value.Achievement : null,
                    }),
            ]
        );

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult(
                $"Attendance:TimeZone '{TimeZone}' is not a time zone this machine knows; use an IANA name such as UTC or Europe/Paris.",
                [nameof(TimeZone)]
            );
        }

        foreach (var (activity, points) in ActivityBonuses.Where(p => p.Value is < 1 or > 10_000))
        {
            yield return new ValidationResult(
                $"Attendance:ActivityBonuses:{activity} is {points}; a special activity's bonus is 1 to 10000 points.",
                [nameof(ActivityBonuses)]
            );
        }

        foreach (var (type, points) in PointsByEventType.Where(p => p.Value is < 1 or > 10_000))
        {
            yield return new ValidationResult(
                $"Attendance:PointsByEventType:{type} is {points}; points for attending are 1 to 10000.",
                [nameof(PointsByEventType)]
            );
        }

        var bonuses = ParseList(StreakBonuses);
        if (bonuses is null || bonuses.Count == 0 || bonuses.Any(b => b < 0) || bonuses.Zip(bonuses.Skip(1)).Any(p => p.Second < p.First))
        {
            yield return new ValidationResult(
                $"Attendance:StreakBonuses '{StreakBonuses}' must be a comma-separated list of 0 or more "
                    + "points that never decreases (for example 0,10,20,30,50): "
                    + "a late attendance only ever lengthens a streak, and a correction must never take points back.",
                [nameof(StreakBonuses)]
            );
        }

        foreach (var (code, badge) in Badges)
        {
            foreach (var problem in ProblemsOf(code, badge))
            {
                yield return new ValidationResult(problem, [nameof(Badges)]);
            }
        }
    }

    private static IEnumerable<string> ProblemsOf(string code, BadgeOptions badge)
    {
        if (!BadgeCode().IsMatch(code))
        {
            yield return $"Attendance:Badges:{code}: a badge code is 1 to 40 lower-case letters, digits and dashes.";
        }

        if (string.IsNullOrWhiteSpace(badge.Name))
        {
            yield return $"Attendance:Badges:{code}:Name is empty; give the badge a display name.";
        }

        var thresholds = ParseList(badge.Thresholds);
        if (
            thresholds is null
            || thresholds.Count != BadgeRule.Levels
            || thresholds[0] < 1
            || thresholds.Zip(thresholds.Skip(1)).Any(p => p.Second <= p.First)
        )
        {
            yield return $"Attendance:Badges:{code}:Thresholds '{badge.Thresholds}' must be five increasing numbers "
                + "of 1 or more, one per level (for example 3,10,25,50,100).";
        }

        if (badge.Measure == BadgeMeasure.EventTypeAttendances && string.IsNullOrWhiteSpace(badge.EventType))
        {
            yield return $"Attendance:Badges:{code}:EventType is empty; an EventTypeAttendances badge counts attendances of one event "
                + "type: name it (for example trivia).";
        }

        if (badge.Measure == BadgeMeasure.Achievements && string.IsNullOrWhiteSpace(badge.Achievement))
        {
            yield return $"Attendance:Badges:{code}:Achievement is empty; an Achievements badge counts attendances with one "
                + "achievement: name it (for example trivia-win).";
        }

        var points = ParseList(badge.Points);
        if (points is null || points.Count != BadgeRule.Levels || points.Any(p => p < 0))
        {
            yield return $"Attendance:Badges:{code}:Points '{badge.Points}' must be five numbers of 0 or more, one "
                + "per level (for example 20,40,80,160,320).";
        }
    }

    private static List<long>? ParseList(string text)
    {
        var values = new List<long>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            values.Add(value);
        }

        return values;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex BadgeCode();
}

namespace Messaging.Ledger.Attendance;

public sealed record UserBadges(
    string UserId,
    long Attendances,
    long DistinctEventTypes,
    long LongestStreak,
    IReadOnlyDictionary<string, long> AttendancesByEventType,
    IReadOnlyList<AwardedLevel> Levels
)
{
    public IReadOnlyDictionary<string, long> AttendancesByAchievement { get; init; } = new Dictionary<string, long>();

    public long DistinctConnections { get; init; }

    public long DistinctMembersBrought { get; init; }

    public long MeasureOf(BadgeRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Measure switch
        {
            BadgeMeasure.Attendances => Attendances,
            BadgeMeasure.DistinctEventTypes => DistinctEventTypes,
            BadgeMeasure.EventTypeAttendances => AttendancesByEventType.GetValueOrDefault(rule.EventType ?? ""),
            BadgeMeasure.Achievements => AttendancesByAchievement.GetValueOrDefault(rule.Achievement ?? ""),
            BadgeMeasure.DistinctConnections => DistinctConnections,
            BadgeMeasure.DistinctMembersBrought => DistinctMembersBrought,
            _ => LongestStreak,
        };
    }
}

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
    public long MeasureOf(BadgeRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Measure switch
        {
            BadgeMeasure.Attendances => Attendances,
            BadgeMeasure.DistinctEventTypes => DistinctEventTypes,
            BadgeMeasure.EventTypeAttendances => AttendancesByEventType.GetValueOrDefault(rule.EventType ?? ""),
            _ => LongestStreak,
        };
    }
}

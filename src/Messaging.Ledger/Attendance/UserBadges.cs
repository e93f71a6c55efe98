namespace Messaging.Ledger.Attendance;

public sealed record UserBadges(
    string UserId,
    long Attendances,
    long DistinctEventTypes,
    long LongestStreak,
    IReadOnlyList<AwardedLevel> Levels
)
{
    public long MeasureOf(BadgeMeasure measure) =>
        measure switch
        {
            BadgeMeasure.Attendances => Attendances,
            BadgeMeasure.DistinctEventTypes => DistinctEventTypes,
            _ => LongestStreak,
        };
}

namespace Messaging.Ledger.Attendance;

/// <summary>A user's badge levels and the measures they follow.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Attendances">Attendances (Regular).</param>
/// <param name="DistinctEventTypes">Kinds of event attended (Event Explorer).</param>
/// <param name="LongestStreak">Longest weekly streak (Consistent Attendee).</param>
/// <param name="Levels">Levels reached, by badge then level.</param>
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

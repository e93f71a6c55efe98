namespace Messaging.Ledger.Attendance;

/// <summary>A user's streaks and badges as they follow from every attendance the ledger holds for them.</summary>
/// <param name="Weeks">Attended weeks, oldest first, each with the streak ending with it.</param>
/// <param name="Badges">Levels reached, by badge then level.</param>
/// <param name="Attendances">How many attendances.</param>
/// <param name="DistinctEventTypes">How many kinds of event.</param>
public sealed record GamificationState(
    IReadOnlyList<StreakWeek> Weeks,
    IReadOnlyList<BadgeLevel> Badges,
    int Attendances,
    int DistinctEventTypes
)
{
    public int LongestStreak => Weeks.Count == 0 ? 0 : Weeks.Max(w => w.Length);
}

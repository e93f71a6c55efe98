namespace Messaging.Ledger.Attendance;

/// <summary><see cref="Weeks"/>: oldest first, each with the streak ending with it.</summary>
public sealed record GamificationState(
    IReadOnlyList<StreakWeek> Weeks,
    IReadOnlyList<BadgeLevel> Badges,
    int Attendances,
    int DistinctEventTypes
)
{
    public int LongestStreak => Weeks.Count == 0 ? 0 : Weeks.Max(w => w.Length);
}

namespace Messaging.Ledger.Attendance;

/// <summary>
/// Carried by the outcome of the user's last attendance in the batch (the others carry <see cref="Nothing"/>), so each change is
/// announced once. <see cref="Broken"/>: missed weeks the batch revealed.
/// </summary>
public sealed record AttendanceSettled(
    IReadOnlyList<StreakChange> Streaks,
    IReadOnlyList<BrokenStreak> Broken,
    IReadOnlyList<BadgeLevel> Badges
)
{
    public static AttendanceSettled Nothing { get; } = new([], [], []);
}

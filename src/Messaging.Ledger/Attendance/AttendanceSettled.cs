namespace Messaging.Ledger.Attendance;

/// <summary>
/// What settling a user's attendances of one batch found: carried by the outcome of the user's last attendance in the
/// batch (the others carry <see cref="Nothing"/>), so each change is announced once.
/// </summary>
/// <param name="Streaks">Weeks whose streak reached a new length.</param>
/// <param name="Broken">Missed weeks the batch revealed.</param>
/// <param name="Badges">Levels newly reached (each paid once).</param>
public sealed record AttendanceSettled(
    IReadOnlyList<StreakChange> Streaks,
    IReadOnlyList<BrokenStreak> Broken,
    IReadOnlyList<BadgeLevel> Badges
)
{
    public static AttendanceSettled Nothing { get; } = new([], [], []);
}

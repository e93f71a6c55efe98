namespace Messaging.Ledger.Attendance;

/// <summary>A user's weekly streak as it stands, and their attended weeks.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Current">The streak still alive (its last week is this week or last week), else 0.</param>
/// <param name="LastAttendedWeek">The latest attended week (<c>2026-W48</c>), or null.</param>
/// <param name="Longest">The longest streak ever.</param>
/// <param name="Attendances">Attendances in all.</param>
/// <param name="BonusesPaid">Streak bonuses paid in all.</param>
/// <param name="Weeks">Attended weeks, newest first.</param>
public sealed record UserStreak(
    string UserId,
    int Current,
    string? LastAttendedWeek,
    int Longest,
    long Attendances,
    long BonusesPaid,
    IReadOnlyList<WeekRow> Weeks
);

namespace Messaging.Ledger.Attendance;

/// <summary><see cref="Current"/>: the streak still alive (its last week is this week or last week), else 0.</summary>
public sealed record UserStreak(
    string UserId,
    int Current,
    string? LastAttendedWeek,
    int Longest,
    long Attendances,
    long BonusesPaid,
    IReadOnlyList<WeekRow> Weeks
);

namespace Messaging.Ledger.Attendance;

/// <summary>An attended week as a user's history shows it.</summary>
/// <param name="Week">Its ISO name, <c>2026-W48</c>.</param>
/// <param name="StreakLength">The streak ending with it.</param>
/// <param name="BonusPaid">What its streak bonus paid, top-ups included.</param>
/// <param name="Attendances">Attendances that week.</param>
public sealed record WeekRow(string Week, int StreakLength, long BonusPaid, long Attendances);

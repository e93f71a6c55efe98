namespace Messaging.Ledger.Attendance;

/// <summary><see cref="BonusPaid"/> includes top-ups.</summary>
public sealed record WeekRow(string Week, int StreakLength, long BonusPaid, long Attendances);

namespace Messaging.Ledger.Attendance;

/// <summary>
/// A newly counted <see cref="Week"/> follows a missed one: the run ending with <see cref="LastAttendedWeek"/> is over, at
/// <see cref="EndedLength"/>.
/// </summary>
public sealed record BrokenStreak(DateOnly Week, DateOnly LastAttendedWeek, int EndedLength);

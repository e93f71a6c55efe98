namespace Messaging.Ledger.Attendance;

/// <summary>A newly counted week follows a missed one: the run ending with <paramref name="LastAttendedWeek"/> is over.</summary>
/// <param name="Week">The week attended after the gap.</param>
/// <param name="LastAttendedWeek">The last attended week before it.</param>
/// <param name="EndedLength">The streak that run had reached.</param>
public sealed record BrokenStreak(DateOnly Week, DateOnly LastAttendedWeek, int EndedLength);

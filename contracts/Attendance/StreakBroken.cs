namespace Messaging.Contracts.Attendance;

/// <summary>
/// An attendance revealed a missed week: the user attended <see cref="Week"/> but not the week before it, so the run
/// that ended with <see cref="LastAttendedWeek"/> is over and a new streak starts at 1. Nobody runs a job to notice a
/// missed week; the next attendance does. Owned and published by the points processor through its outbox. Exchange
/// <c>streak-broken</c> (fanout). JSON Schema: <c>contracts/schemas/streak-broken.v1.json</c>.
/// </summary>
/// <param name="UserId">Whose streak.</param>
/// <param name="Week">The week attended after the gap (<c>2026-W48</c>).</param>
/// <param name="LastAttendedWeek">The last attended week before the gap.</param>
/// <param name="EndedStreakLength">The length the ended run had reached.</param>
/// <param name="OccurredAt">When the ledger recorded it.</param>
public sealed record StreakBroken(string UserId, string Week, string LastAttendedWeek, int EndedStreakLength, DateTimeOffset OccurredAt);

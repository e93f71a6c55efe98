namespace Messaging.Contracts.Attendance;

/// <summary>
/// An attendance was paid: once per event and user. A type of its own rather than <c>PointsEarned</c> with a source
/// field, because its subscribers (profile pages, event organisers) key it by event and week, not by order. Owned and
/// published by the points processor through its outbox. Exchange <c>attendance-points-earned</c> (fanout). JSON
/// Schema: <c>contracts/schemas/attendance-points-earned.v1.json</c>.
/// </summary>
/// <param name="EventId">The event attended.</param>
/// <param name="UserId">Who was paid.</param>
/// <param name="EventType">The kind of event.</param>
/// <param name="TenantId">The event's tenant, or null.</param>
/// <param name="AttendedAt">When the user attended.</param>
/// <param name="Week">The ISO week it counts for (<c>2026-W48</c>), in the tenant's or the processor's time zone.</param>
/// <param name="Points">Points paid for attending (streak bonuses and badges come in their own events).</param>
/// <param name="BalanceAfter">The user's wallet balance right after this attendance and what it settled.</param>
/// <param name="OccurredAt">When the ledger recorded it.</param>
/// <param name="ActivityBonus">
/// Bonus points for the special activities the attendance names (Attendance:ActivityBonuses); 0 when none.
/// </param>
public sealed record AttendancePointsEarned(
    string EventId,
    string UserId,
    string EventType,
    string? TenantId,
    DateTimeOffset AttendedAt,
    string Week,
    long Points,
    long BalanceAfter,
    DateTimeOffset OccurredAt,
    long ActivityBonus = 0
);

namespace Messaging.Ledger.Attendance;

/// <summary>One attendance as the ledger keeps it: paid once per (<see cref="EventId"/>, <see cref="UserId"/>).</summary>
/// <param name="EventId">The event attended.</param>
/// <param name="UserId">Who attended.</param>
/// <param name="EventType">The kind of event.</param>
/// <param name="AttendedAt">When, which decides <paramref name="Week"/>.</param>
/// <param name="Week">The Monday of the ISO week it counts for, in the tenant's or the processor's time zone.</param>
/// <param name="Points">Points paid for attending.</param>
/// <param name="TenantId">The event's tenant, or null.</param>
/// <param name="RecordedAt">When the ledger recorded it (a board of a period closed before that says it was amended).</param>
public sealed record AttendanceFact(
    string EventId,
    string UserId,
    string EventType,
    DateTimeOffset AttendedAt,
    DateOnly Week,
    long Points,
    string? TenantId,
    DateTimeOffset RecordedAt
);

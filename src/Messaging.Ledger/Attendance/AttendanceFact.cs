namespace Messaging.Ledger.Attendance;

/// <summary>
/// Paid once per (<see cref="EventId"/>, <see cref="UserId"/>). <see cref="Week"/> is the Monday of the ISO week it counts for, in the
/// tenant's or the processor's time zone; <see cref="RecordedAt"/> lets a board of a period closed before it say it was amended.
/// </summary>
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

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
)
{
    /// <summary>
    /// What the user did or achieved there (for example trivia-win); a badge may count them, and a special activity pays.
    /// </summary>
    public IReadOnlyList<string> Achievements { get; init; } = [];

    /// <summary>New members the user brought.</summary>
    public IReadOnlyList<string> BroughtUserIds { get; init; } = [];

    /// <summary>Attendees the user connected with.</summary>
    public IReadOnlyList<string> ConnectedUserIds { get; init; } = [];
}

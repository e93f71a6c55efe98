namespace Messaging.Contracts.Attendance;

/// <summary>
/// A user attended an event (seed 003). Owned and published by the event systems; consumed by the points processor,
/// which pays the attendance once per (<see cref="EventId"/>, <see cref="UserId"/>) whatever the message id or delivery
/// count, then settles the user's weekly streak and badges. Exchange <c>event-attended</c> (fanout). JSON Schema:
/// <c>contracts/schemas/event-attended.v1.json</c>.
/// </summary>
/// <param name="EventId">The event's business id; with <see cref="UserId"/> it makes the key <c>attendance:{EventId}:{UserId}</c>.</param>
/// <param name="UserId">Who attended; their wallet is paid.</param>
/// <param name="EventType">The kind of event (for example <c>workshop</c>); the Event Explorer badge counts distinct ones.</param>
/// <param name="AttendedAt">When the user attended: it decides the ISO week of the streak, not when the message arrives.</param>
/// <param name="PointsReward">Points for attending, or null for the processor's configured default of the event type.</param>
/// <param name="TenantId">The tenant the event belongs to, or null: its time zone decides the week, and its leaderboards list it.</param>
/// <param name="Achievements">
/// What the user did or achieved at the event, as the event system names it (for example <c>trivia-win</c>), or null: a badge may count
/// attendances with one (seed 003's Trivia Master), and <c>Attendance:ActivityBonuses</c> may pay a special activity's bonus.
/// </param>
/// <param name="BroughtUserIds">
/// New members the user brought to the event, or null (seed 003's Community Builder counts distinct ones).
/// </param>
/// <param name="ConnectedUserIds">Attendees the user connected with, or null (seed 003's Social Butterfly counts distinct ones).</param>
public sealed record EventAttended(
    string EventId,
    string UserId,
    string EventType,
    DateTimeOffset AttendedAt,
    long? PointsReward,
    string? TenantId,
    IReadOnlyList<string>? Achievements = null,
    IReadOnlyList<string>? BroughtUserIds = null,
    IReadOnlyList<string>? ConnectedUserIds = null
);

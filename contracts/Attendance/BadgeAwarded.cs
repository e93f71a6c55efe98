namespace Messaging.Contracts.Attendance;

/// <summary>
/// A user reached a level (1–5) of a badge and was paid its points: once per user, badge and level. Owned and published by the points
/// processor through its outbox. Exchange <c>badge-awarded</c> (fanout). JSON Schema: <c>contracts/schemas/badge-awarded.v1.json</c>.
/// </summary>
/// <param name="UserId">Who earned it.</param> <param name="Badge">The badge's code: <c>consistent-attendee</c>, <c>event-explorer</c>,
/// <c>regular</c>, or another configured one.</param> <param name="BadgeName">The badge's display name.</param> <param name="Level">The
/// level reached, 1 to 5.</param> <param name="Threshold">What the level asks for (weeks in a row, distinct event types,
/// attendances).</param> <param name="Points">Points paid for the level.</param> <param name="ReachedAt">When the user reached it: the
/// attendance that met the threshold, in the order they attended.</param> <param name="OccurredAt">When the ledger recorded it.</param>
public sealed record BadgeAwarded(
    string UserId,
    string Badge,
    string BadgeName,
    int Level,
    long Threshold,
    long Points,
    DateTimeOffset ReachedAt,
    DateTimeOffset OccurredAt
);

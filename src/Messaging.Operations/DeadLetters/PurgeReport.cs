namespace Messaging.Operations.DeadLetters;

/// <summary>
/// What a purge would do when <see cref="Purged"/> is false. Message ids are the first <see cref="RouteTally.MaxIds"/> per queue; the
/// archive holds every one.
/// </summary>
public sealed record PurgeReport(
    bool Purged,
    int Matched,
    int Removed,
    IReadOnlyList<PurgeQueue> Queues,
    string? Archive,
    IReadOnlyList<string?> MessageIds
);

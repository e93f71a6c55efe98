namespace Messaging.Operations.DeadLetters;

/// <summary>
/// What a purge did, or would do when <see cref="Purged"/> is false: per queue, where the archive is, and the ids of
/// the first <see cref="RouteTally.MaxIds"/> (the archive holds every one).
/// </summary>
public sealed record PurgeReport(
    bool Purged,
    int Matched,
    int Removed,
    IReadOnlyList<PurgeQueue> Queues,
    string? Archive,
    IReadOnlyList<string?> MessageIds
);

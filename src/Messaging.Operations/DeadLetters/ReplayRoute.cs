namespace Messaging.Operations.DeadLetters;

/// <summary>Messages moved (or to move) from one dead-letter queue to the queue they failed in: how many, and the ids of the first <see
/// cref="RouteTally.MaxIds"/>.</summary>
public sealed record ReplayRoute(string Queue, string SourceQueue, int Count, IReadOnlyList<string?> MessageIds);

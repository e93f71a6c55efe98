namespace Messaging.Operations.DeadLetters;

/// <summary><see cref="MessageIds"/>: the first <see cref="RouteTally.MaxIds"/>.</summary>
public sealed record ReplayRoute(string Queue, string SourceQueue, int Count, IReadOnlyList<string?> MessageIds);

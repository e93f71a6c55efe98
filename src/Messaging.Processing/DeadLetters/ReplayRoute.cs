namespace Messaging.Processing.DeadLetters;

public sealed record ReplayRoute(string Queue, string SourceQueue, int Count, IReadOnlyList<string?> MessageIds);

namespace Messaging.Admin.DeadLetters;

internal sealed record ReplayRoute(string Queue, string SourceQueue, int Count, IReadOnlyList<string?> MessageIds);

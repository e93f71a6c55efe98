namespace Messaging.Operations.DeadLetters;

/// <summary>How many messages a purge removes (or would remove) from one dead-letter queue.</summary>
public sealed record PurgeQueue(string Queue, int Count);

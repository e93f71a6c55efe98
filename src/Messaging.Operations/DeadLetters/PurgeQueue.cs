namespace Messaging.Operations.DeadLetters;

public sealed record PurgeQueue(string Queue, int Count);

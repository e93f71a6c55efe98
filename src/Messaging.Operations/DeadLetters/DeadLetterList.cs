namespace Messaging.Operations.DeadLetters;

public sealed record DeadLetterList(string VirtualHost, IReadOnlyList<DeadLetterQueueSummary> Queues);

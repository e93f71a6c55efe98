namespace Messaging.Processing.DeadLetters;

public sealed record DeadLetterList(string VirtualHost, IReadOnlyList<DeadLetterQueueSummary> Queues);

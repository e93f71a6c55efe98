namespace Messaging.Admin.DeadLetters;

internal sealed record DeadLetterList(string VirtualHost, IReadOnlyList<DeadLetterQueueSummary> Queues);

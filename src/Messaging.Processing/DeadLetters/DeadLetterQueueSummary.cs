namespace Messaging.Processing.DeadLetters;

public sealed record DeadLetterQueueSummary(string Queue, long Messages, IReadOnlyList<DeadLetterGroup> Groups);

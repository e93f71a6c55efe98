namespace Messaging.Admin.DeadLetters;

internal sealed record DeadLetterQueueSummary(string Queue, long Messages, IReadOnlyList<DeadLetterGroup> Groups);

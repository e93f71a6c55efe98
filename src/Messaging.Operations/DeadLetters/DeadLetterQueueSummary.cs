namespace Messaging.Operations.DeadLetters;

/// <summary>
/// One dead-letter queue: the messages read and grouped, and how many another client held unacknowledged at the time
/// (not read: they return to the queue when that client lets go).
/// </summary>
public sealed record DeadLetterQueueSummary(string Queue, long Messages, IReadOnlyList<DeadLetterGroup> Groups, long HeldElsewhere = 0);

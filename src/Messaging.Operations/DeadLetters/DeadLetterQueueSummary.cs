namespace Messaging.Operations.DeadLetters;

/// <summary>
/// <see cref="HeldElsewhere"/>: held unacknowledged by another client at the time, so not read; they return to the queue when that
/// client lets go.
/// </summary>
public sealed record DeadLetterQueueSummary(string Queue, long Messages, IReadOnlyList<DeadLetterGroup> Groups, long HeldElsewhere = 0);

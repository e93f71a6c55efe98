namespace Messaging.Ledger.Redemptions;

// Already marked signalled, so no other sweeper signals it.
public sealed record DueDeadline(Guid CorrelationId, DateTimeOffset DeadlineAt);

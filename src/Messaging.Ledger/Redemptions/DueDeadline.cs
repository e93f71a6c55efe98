namespace Messaging.Ledger.Redemptions;

/// <summary>A redemption whose fulfilment deadline passed, now marked signalled so no other sweeper signals it.</summary>
public sealed record DueDeadline(Guid CorrelationId, DateTimeOffset DeadlineAt);

namespace Messaging.Contracts.Redemption;

/// <summary>
/// Internal: the fulfilment deadline of a redemption passed. Published by the processor's deadline sweeper
/// (outbox) because the broker has no delayed messages; consumed by the redemption saga only.
/// Exchange <c>redemption-deadline-passed</c> (fanout).
/// </summary>
/// <param name="RedemptionId">The redemption whose deadline passed.</param>
/// <param name="Deadline">The deadline that passed; a stale one (the saga moved on) is ignored.</param>
/// <param name="OccurredAt">When the sweeper noticed.</param>
public sealed record RedemptionDeadlinePassed(Guid RedemptionId, DateTimeOffset Deadline, DateTimeOffset OccurredAt);

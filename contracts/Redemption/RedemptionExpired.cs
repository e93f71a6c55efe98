namespace Messaging.Contracts.Redemption;

/// <summary>
/// A completed redemption reached its expiry unused. Published by the points processor's expiry sweeper
/// (outbox); consumed by apps. Whether its points come back is the <c>Redemptions:RefundExpiredUnused</c>
/// policy (off by default). Exchange <c>redemption-expired</c> (fanout).
/// JSON Schema: <c>contracts/schemas/redemption-expired.v1.json</c>.
/// </summary>
/// <param name="RedemptionId">The redemption.</param>
/// <param name="UserId">Its user.</param>
/// <param name="RewardId">Its reward.</param>
/// <param name="RefundedPoints">Points given back (0 when the policy keeps them).</param>
/// <param name="Balance">The wallet's balance after any refund.</param>
/// <param name="ExpiredAt">The expiry that passed.</param>
/// <param name="OccurredAt">When the sweeper recorded it.</param>
public sealed record RedemptionExpired(
    Guid RedemptionId,
    string UserId,
    string RewardId,
    long RefundedPoints,
    long Balance,
    DateTimeOffset ExpiredAt,
    DateTimeOffset OccurredAt
);

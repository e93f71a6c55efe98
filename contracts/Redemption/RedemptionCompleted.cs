namespace Messaging.Contracts.Redemption;

/// <summary>
/// Final outcome: the reward was issued and its points spent. Published by the points processor (outbox);
/// consumed by apps. Exchange <c>redemption-completed</c> (fanout).
/// JSON Schema: <c>contracts/schemas/redemption-completed.v1.json</c>.
/// </summary>
/// <param name="RedemptionId">The request it answers.</param>
/// <param name="UserId">The user who paid.</param>
/// <param name="RewardId">The reward issued.</param>
/// <param name="Points">Points spent.</param>
/// <param name="Balance">The wallet's balance right after spending them.</param>
/// <param name="VoucherCode">The voucher code, when the reward is a voucher.</param>
/// <param name="Details">Other details from the fulfilment.</param>
/// <param name="ExpiresAt">Until when the redemption can be used.</param>
/// <param name="OccurredAt">When the points were spent.</param>
public sealed record RedemptionCompleted(
    Guid RedemptionId,
    string UserId,
    string RewardId,
    long Points,
    long Balance,
    string? VoucherCode,
    string? Details,
    DateTimeOffset ExpiresAt,
    DateTimeOffset OccurredAt
);

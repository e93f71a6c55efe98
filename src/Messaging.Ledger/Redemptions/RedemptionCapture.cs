namespace Messaging.Ledger.Redemptions;

/// <summary>What a completed redemption records: the reward issued, its voucher or details, and the message that said so.</summary>
public sealed record RedemptionCapture(
    Guid RedemptionId,
    string UserId,
    string RewardId,
    string RewardName,
    long Points,
    int ValidityDays,
    string? VoucherCode,
    string? Details,
    Guid? SourceMessageId,
    DateTimeOffset RedeemedAt
);

namespace Messaging.Ledger.Redemptions;

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

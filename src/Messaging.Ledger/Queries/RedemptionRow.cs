namespace Messaging.Ledger.Queries;

public sealed record RedemptionRow(
    Guid Id,
    string RewardId,
    string RewardName,
    long Points,
    string Status,
    string? VoucherCode,
    DateTimeOffset RedeemedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt
);

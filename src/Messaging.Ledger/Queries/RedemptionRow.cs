namespace Messaging.Ledger.Queries;

/// <summary>One completed redemption of a user.</summary>
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

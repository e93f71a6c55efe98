namespace Messaging.Ledger.Redemptions;

/// <summary>The points refunded are 0 under the no-refund policy.</summary>
public sealed record ExpiredRedemption(
    Guid Id,
    string UserId,
    string RewardId,
    long RefundedPoints,
    long Balance,
    DateTimeOffset ExpiresAt
);

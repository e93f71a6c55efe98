namespace Messaging.Ledger.Redemptions;

/// <summary>A completed redemption that expired unused: the points refunded (0 under the no-refund policy) and the wallet's balance
/// after.</summary>
public sealed record ExpiredRedemption(
    Guid Id,
    string UserId,
    string RewardId,
    long RefundedPoints,
    long Balance,
    DateTimeOffset ExpiresAt
);

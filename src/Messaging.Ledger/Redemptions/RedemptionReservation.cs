namespace Messaging.Ledger.Redemptions;

public sealed record RedemptionReservation(
    Guid RedemptionId,
    string UserId,
    string RewardId,
    long? ExpectedPoints,
    DateTimeOffset HoldExpiresAt
);

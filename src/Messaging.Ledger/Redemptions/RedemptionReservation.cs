namespace Messaging.Ledger.Redemptions;

/// <summary>A request to hold a reward's cost on a user's wallet until the reward is issued.</summary>
public sealed record RedemptionReservation(
    Guid RedemptionId,
    string UserId,
    string RewardId,
    long? ExpectedPoints,
    DateTimeOffset HoldExpiresAt
);

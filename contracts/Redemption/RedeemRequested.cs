namespace Messaging.Contracts.Redemption;

/// <summary>
/// A user asked to spend points on a reward. Owned and published by apps; consumed by the points
/// processor's redemption saga, which answers with exactly one of <see cref="RedemptionCompleted"/>,
/// <see cref="RedemptionFailed"/> or <see cref="RedemptionRejected"/> per <see cref="RedemptionId"/>.
/// Exchange <c>redeem-requested</c> (fanout). JSON Schema: <c>contracts/schemas/redeem-requested.v1.json</c>.
/// </summary>
/// <param name="RedemptionId">Chosen by the app (a UUID); sending it again is harmless.</param>
/// <param name="UserId">The user whose wallet pays.</param>
/// <param name="RewardId">A reward in the catalog.</param>
/// <param name="RequestedAt">When the user asked.</param>
/// <param name="ExpectedPoints">Optional: the cost the app showed; refused with <c>cost_mismatch</c> when the catalog differs.</param>
public sealed record RedeemRequested(
    Guid RedemptionId,
    string UserId,
    string RewardId,
    DateTimeOffset RequestedAt,
    long? ExpectedPoints = null
);

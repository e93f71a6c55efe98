namespace Messaging.Contracts.Redemption;

/// <summary>
/// A fulfilment could not issue the reward. Published by the fulfilment; consumed by the redemption saga,
/// which voids the hold (the user keeps every point) and publishes <see cref="RedemptionFailed"/>.
/// Exchange <c>reward-issue-failed</c> (fanout). JSON Schema: <c>contracts/schemas/reward-issue-failed.v1.json</c>.
/// </summary>
/// <param name="RedemptionId">The redemption from <see cref="IssueReward"/>.</param>
/// <param name="Reason">Why, in words a support agent can pass on.</param>
/// <param name="OccurredAt">When it failed.</param>
public sealed record RewardIssueFailed(Guid RedemptionId, string Reason, DateTimeOffset OccurredAt);

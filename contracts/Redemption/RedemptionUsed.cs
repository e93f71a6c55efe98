namespace Messaging.Contracts.Redemption;

/// <summary>
/// A redemption was marked used, the first time only. Published by the points processor (outbox); consumed
/// by apps. Exchange <c>redemption-used</c> (fanout). JSON Schema: <c>contracts/schemas/redemption-used.v1.json</c>.
/// </summary>
/// <param name="RedemptionId">The redemption.</param>
/// <param name="UserId">Its user.</param>
/// <param name="RewardId">Its reward.</param>
/// <param name="UsedAt">When it was used.</param>
/// <param name="OccurredAt">When the ledger recorded it.</param>
public sealed record RedemptionUsed(Guid RedemptionId, string UserId, string RewardId, DateTimeOffset UsedAt, DateTimeOffset OccurredAt);

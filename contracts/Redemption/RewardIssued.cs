namespace Messaging.Contracts.Redemption;

/// <summary>
/// A fulfilment issued the reward. Published by the fulfilment (the processor's voucher fulfilment, or an
/// external system); consumed by the redemption saga, which then spends the held points.
/// Exchange <c>reward-issued</c> (fanout). JSON Schema: <c>contracts/schemas/reward-issued.v1.json</c>.
/// </summary>
/// <param name="RedemptionId">The redemption from <see cref="IssueReward"/>.</param>
/// <param name="VoucherCode">The code the user redeems, when the reward is a voucher.</param>
/// <param name="Details">Anything else the user needs (tracking number, link), as text.</param>
/// <param name="OccurredAt">When the reward was issued.</param>
public sealed record RewardIssued(Guid RedemptionId, string? VoucherCode, string? Details, DateTimeOffset OccurredAt);

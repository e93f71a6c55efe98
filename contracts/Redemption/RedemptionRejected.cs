namespace Messaging.Contracts.Redemption;

/// <summary>
/// Final outcome: the request was refused before any point was held. Published by the points processor
/// (outbox); consumed by apps. Exchange <c>redemption-rejected</c> (fanout).
/// JSON Schema: <c>contracts/schemas/redemption-rejected.v1.json</c>.
/// </summary>
/// <param name="RedemptionId">The request it answers.</param>
/// <param name="UserId">The user.</param>
/// <param name="RewardId">The reward asked for.</param>
/// <param name="Reason">
/// <c>insufficient_points</c>, <c>unknown_reward</c>, <c>inactive_reward</c>, <c>out_of_stock</c> or <c>cost_mismatch</c>.
/// </param>
/// <param name="Detail">Readable detail (for example the available points and the cost).</param>
/// <param name="OccurredAt">When it was refused.</param>
public sealed record RedemptionRejected(
    Guid RedemptionId,
    string UserId,
    string RewardId,
    string Reason,
    string Detail,
    DateTimeOffset OccurredAt
);

namespace Messaging.Contracts.Redemption;

/// <summary>
/// Issue a reward whose points are held. Sent by the redemption saga to the fulfilment of the reward's
/// kind: exchange and quorum queue <c>fulfilment-{kind}</c> (the processor serves <c>fulfilment-voucher</c>
/// itself). The fulfilment answers with <see cref="RewardIssued"/> or <see cref="RewardIssueFailed"/>,
/// and must treat a repeated <see cref="RedemptionId"/> as the same request.
/// JSON Schema: <c>contracts/schemas/issue-reward.v1.json</c>.
/// </summary>
/// <param name="RedemptionId">The redemption to answer about; the fulfilment's idempotency key.</param>
/// <param name="UserId">Who gets the reward.</param>
/// <param name="RewardId">Which reward.</param>
/// <param name="FulfilmentKind">The catalog's fulfilment kind (for example <c>voucher</c>).</param>
/// <param name="Points">Points held for it.</param>
/// <param name="RespondBy">After this the saga gives up, voids the hold and fails the redemption.</param>
/// <param name="OccurredAt">When the saga asked.</param>
public sealed record IssueReward(
    Guid RedemptionId,
    string UserId,
    string RewardId,
    string FulfilmentKind,
    long Points,
    DateTimeOffset RespondBy,
    DateTimeOffset OccurredAt
);

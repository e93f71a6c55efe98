namespace Messaging.Contracts.Redemption;

/// <summary>
/// A reward was issued after its redemption had already failed (the fulfilment answered after the
/// deadline, or after the ledger voided the hold): the user was not charged, so the reward must be taken
/// back. Published by the points processor (outbox) at most once per redemption; consumed by fulfilments
/// (the processor revokes its own vouchers). Exchange <c>reward-revocation-requested</c> (fanout).
/// JSON Schema: <c>contracts/schemas/reward-revocation-requested.v1.json</c>.
/// </summary>
/// <param name="RedemptionId">The failed redemption.</param>
/// <param name="RewardId">The reward issued too late.</param>
/// <param name="VoucherCode">The voucher code to revoke, when there is one.</param>
/// <param name="Reason">Why the redemption had failed (<c>fulfilment_timeout</c>, <c>hold_expired</c>).</param>
/// <param name="OccurredAt">When the late issue was seen.</param>
public sealed record RewardRevocationRequested(
    Guid RedemptionId,
    string RewardId,
    string? VoucherCode,
    string Reason,
    DateTimeOffset OccurredAt
);

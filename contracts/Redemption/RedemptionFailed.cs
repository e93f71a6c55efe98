namespace Messaging.Contracts.Redemption;

/// <summary>
/// Final outcome: the request was accepted and points were held, but the reward was not issued; the hold
/// was voided and no point was spent. Published by the points processor (outbox); consumed by apps.
/// Exchange <c>redemption-failed</c> (fanout). JSON Schema: <c>contracts/schemas/redemption-failed.v1.json</c>.
/// </summary>
/// <param name="RedemptionId">The request it answers.</param>
/// <param name="UserId">The user.</param>
/// <param name="RewardId">The reward asked for.</param>
/// <param name="Reason">
/// <c>fulfilment_failed</c> (the fulfilment said so), <c>fulfilment_timeout</c> (no answer before the
/// deadline) or <c>hold_expired</c> (the ledger had already voided the hold).
/// </param>
/// <param name="Detail">Readable detail, such as the fulfilment's own reason.</param>
/// <param name="Balance">The wallet's balance (unchanged by the redemption).</param>
/// <param name="OccurredAt">When the redemption failed.</param>
public sealed record RedemptionFailed(
    Guid RedemptionId,
    string UserId,
    string RewardId,
    string Reason,
    string Detail,
    long Balance,
    DateTimeOffset OccurredAt
);

namespace Messaging.Contracts.Redemption;

/// <summary>
/// Mark a completed redemption as used (for example a voucher scanned at a till). Published by apps or
/// points of sale; consumed by the points processor, which marks it once and answers with
/// <see cref="RedemptionUsed"/>. Marking it again is harmless; an unknown or expired redemption is refused
/// to the error queue with its reason. Exchange <c>mark-redemption-used</c> (fanout).
/// JSON Schema: <c>contracts/schemas/mark-redemption-used.v1.json</c>.
/// </summary>
/// <param name="RedemptionId">The redemption to mark.</param>
/// <param name="UsedAt">When it was used.</param>
public sealed record MarkRedemptionUsed(Guid RedemptionId, DateTimeOffset UsedAt);

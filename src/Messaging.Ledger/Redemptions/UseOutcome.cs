namespace Messaging.Ledger.Redemptions;

/// <summary>What marking a redemption used did: marked now (whose, which reward), used before, unknown, or expired (when).</summary>
public sealed record UseOutcome(UseOutcomeKind Kind, string? UserId = null, string? RewardId = null, DateTimeOffset? ExpiredAt = null);

namespace Messaging.Ledger.Redemptions;

public sealed record UseOutcome(UseOutcomeKind Kind, string? UserId = null, string? RewardId = null, DateTimeOffset? ExpiredAt = null);

namespace Messaging.Ledger.Redemptions;

public sealed record CapturedRedemption(DateTimeOffset ExpiresAt, long Balance);

namespace Messaging.Ledger.Redemptions;

/// <summary>A captured redemption: until when it can be used, and the wallet's balance after it.</summary>
public sealed record CapturedRedemption(DateTimeOffset ExpiresAt, long Balance);

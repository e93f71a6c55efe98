namespace Messaging.Ledger.Expiry;

/// <summary>
/// What an expiry entry took from a lot (named by the key of the entry that credited it), and the wallet's balance after.
/// </summary>
public sealed record ExpiredLot(string UserId, string LotKey, long Points, DateTimeOffset ExpiresAt, string EntryKey, long BalanceAfter);

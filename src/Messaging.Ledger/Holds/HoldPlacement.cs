namespace Messaging.Ledger.Holds;

/// <summary>
/// A hold to place: <paramref name="Key"/> is unique (redemption:{id}); <paramref name="ExpiresAt"/> is when the ledger voids it.
/// </summary>
internal sealed record HoldPlacement(string Key, long AccountId, long Amount, DateTimeOffset ExpiresAt);

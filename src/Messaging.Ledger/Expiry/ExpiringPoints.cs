namespace Messaging.Ledger.Expiry;

/// <summary>
/// What a wallet holds and when it expires: its lots that will expire, soonest first (a lot already due, not yet written as expired, comes
/// first with its past date), and how much of the balance never expires.
/// </summary>
public sealed record ExpiringPoints(string UserId, long Balance, long NeverExpiring, IReadOnlyList<ExpiringLot> Lots);

namespace Messaging.Ledger.Expiry;

/// <summary>
/// Why a wallet holds what it holds: its lots, soonest to expire first (the order spending draws them in), whose remaining points add up
/// to <see cref="Balance"/>, each with the entries that consumed it. Lots drawn to nothing are left out unless asked for.
/// </summary>
public sealed record BalanceExplanation(string UserId, long Balance, long Held, IReadOnlyList<ExplainedLot> Lots);

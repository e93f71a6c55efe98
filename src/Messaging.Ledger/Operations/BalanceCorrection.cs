namespace Messaging.Ledger.Operations;

public sealed record BalanceCorrection(string Account, long CachedBalance, long PostedBalance, long PostedCredits, long PostedDebits);

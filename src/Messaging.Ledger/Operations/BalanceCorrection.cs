namespace Messaging.Ledger.Operations;

/// <summary>An account whose cached figures differ from its postings: what it says, and what it should.</summary>
public sealed record BalanceCorrection(string Account, long CachedBalance, long PostedBalance, long PostedCredits, long PostedDebits);

namespace Messaging.Ledger.Queries;

/// <summary>One posting of a <see cref="HistoryEntry"/>: the account's code and the signed amount.</summary>
public sealed record HistoryPosting(string Account, long Amount);

namespace Messaging.Ledger.Queries;

public sealed record HistoryPosting(string Account, long Amount);

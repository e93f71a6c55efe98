namespace Messaging.Admin.Histories;

internal sealed record HistoryPosting(string Account, long Amount);

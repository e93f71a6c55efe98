namespace Messaging.Ledger.Queries;

public sealed record EarnedRow(DateOnly Period, string EntryType, long Entries, long Points);

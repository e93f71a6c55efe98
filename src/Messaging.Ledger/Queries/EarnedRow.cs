namespace Messaging.Ledger.Queries;

/// <summary>A period's credits to user wallets of one entry type.</summary>
public sealed record EarnedRow(DateOnly Period, string EntryType, long Entries, long Points);

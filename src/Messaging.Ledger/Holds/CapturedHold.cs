namespace Messaging.Ledger.Holds;

/// <summary>A hold turned into a journal entry: the account it held points on, how many, and the entry.</summary>
public sealed record CapturedHold(long AccountId, long Amount, long JournalEntryId);

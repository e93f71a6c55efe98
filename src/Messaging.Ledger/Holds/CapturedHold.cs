namespace Messaging.Ledger.Holds;

public sealed record CapturedHold(long AccountId, long Amount, long JournalEntryId);

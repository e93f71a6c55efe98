namespace Messaging.Ledger.Journal;

internal readonly record struct PostingRow(long JournalEntryId, long AccountId, long Amount);

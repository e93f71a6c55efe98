namespace Messaging.Ledger.Journal;

/// <summary>A <c>postings</c> row to insert.</summary>
internal readonly record struct PostingRow(long JournalEntryId, long AccountId, long Amount);

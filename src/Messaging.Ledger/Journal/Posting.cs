namespace Messaging.Ledger.Journal;

/// <summary>One signed line of a journal entry: credit (positive) or debit (negative) of an account.</summary>
public sealed class Posting
{
    public long Id { get; set; }
    public long JournalEntryId { get; set; }
    public long AccountId { get; set; }
    public long Amount { get; set; }
}

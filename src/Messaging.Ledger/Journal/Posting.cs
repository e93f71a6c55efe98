namespace Messaging.Ledger.Journal;

// Credit (positive) or debit (negative) of an account.
public sealed class Posting
{
    public long Id { get; set; }
    public long JournalEntryId { get; set; }
    public long AccountId { get; set; }
    public long Amount { get; set; }
}

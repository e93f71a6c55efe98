namespace Messaging.Ledger.Journal;

// Credit (positive) or debit (negative) of an account.
public sealed class Posting
{
    public long Id { get; set; }
    public long JournalEntryId { get; set; }
    public long AccountId { get; set; }
    public long Amount { get; set; }

    // Its entry's recorded_at, copied by the one insert, so a balance as of a time reads postings alone.
    public DateTimeOffset RecordedAt { get; set; }
}

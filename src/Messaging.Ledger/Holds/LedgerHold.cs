namespace Messaging.Ledger.Holds;

// Points reserved for a pending spend (two-phase: hold, then post or void). While active they count against the account's available
// points; the database keeps accounts.held equal to the sum of active holds and refuses a hold the available points do not cover.
public sealed class LedgerHold
{
    public long Id { get; set; }

    /// <summary>Unique: placing the same hold twice is one hold (for example redemption:{id}).</summary>
    public required string HoldKey { get; set; }

    public long AccountId { get; set; }
    public long Amount { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>After this the ledger's own sweeper voids the hold, so points can never be stranded.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? SettledAt { get; set; }
    public string? SettledReason { get; set; }

    /// <summary>Set once captured.</summary>
    public long? JournalEntryId { get; set; }
}

namespace Messaging.Ledger.Expiry;

// Kept by the posting trigger alone (ledger_postings_apply): opened by a wallet's credit, drawn by its debits. The model maps it for the
// schema's sake; nothing writes it through EF Core.
/// <summary>What is left of one credit of a wallet, and when it expires (null: never).</summary>
public sealed class PointLot
{
    public long AccountId { get; set; }

    /// <summary>The entry that credited it; its idempotency key names the lot.</summary>
    public long JournalEntryId { get; set; }

    public long Amount { get; set; }
    public long Remaining { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When its owner was told it expires soon (PointsExpiring), once.</summary>
    public DateTimeOffset? WarnedAt { get; set; }
}

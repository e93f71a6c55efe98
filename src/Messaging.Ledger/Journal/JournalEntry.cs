namespace Messaging.Ledger.Journal;

// One balanced business fact; immutable once written.
public sealed class JournalEntry
{
    public long Id { get; set; }
    public required string IdempotencyKey { get; set; }
    public required string EntryType { get; set; }
    public required string Description { get; set; }
    public required string PayloadHash { get; set; }
    public Guid? SourceMessageId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string Metadata { get; set; } = "{}";

    /// <summary>The W3C trace id (32 hex digits) of the message that caused it; null when it came with none.</summary>
    public string? TraceId { get; set; }

    /// <summary>When the wallet points it credits expire (their lot's expiry); null: never.</summary>
    public DateTimeOffset? PointsExpireAt { get; set; }
    public List<Posting> Postings { get; } = [];
}

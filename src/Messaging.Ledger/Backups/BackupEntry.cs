namespace Messaging.Ledger.Backups;

public sealed record BackupEntry(
    string IdempotencyKey,
    string EntryType,
    string Description,
    string PayloadHash,
    Guid? SourceMessageId,
    DateTimeOffset OccurredAt,
    string Metadata,
    IReadOnlyList<BackupPosting> Postings,
    DateTimeOffset? RecordedAt = null
)
{
    /// <summary>When the wallet points it credited expire; absent from backups made before points expired (issue 27).</summary>
    public DateTimeOffset? PointsExpireAt { get; init; }

    /// <summary>The entry's link in the hash chain (from version 3): its number, its hash and the hash of the link before.</summary>
    public long? ChainSequence { get; init; }

    public string? ChainHash { get; init; }

    public string? ChainPrevious { get; init; }
}

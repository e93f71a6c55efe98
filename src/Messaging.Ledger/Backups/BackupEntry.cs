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
);

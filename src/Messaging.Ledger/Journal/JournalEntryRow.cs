namespace Messaging.Ledger.Journal;

internal sealed record JournalEntryRow(
    string IdempotencyKey,
    string EntryType,
    string Description,
    string PayloadHash,
    DateTimeOffset OccurredAt,
    string MetadataJson,
    DateTimeOffset? RecordedAt,
    Guid? SourceMessageId,
    string? TraceId
);

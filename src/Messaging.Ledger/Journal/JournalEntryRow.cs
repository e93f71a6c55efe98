namespace Messaging.Ledger.Journal;

/// <summary>A <c>journal_entries</c> row to insert: the entry, and the message (and its trace) that caused it.</summary>
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

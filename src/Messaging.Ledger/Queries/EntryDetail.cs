namespace Messaging.Ledger.Queries;

public sealed record EntryDetail(
    HistoryEntry Entry,
    DateTimeOffset OccurredAt,
    Guid? SourceMessageId,
    string PayloadHash,
    string Metadata,
    string? TraceId = null
);

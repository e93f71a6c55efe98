namespace Messaging.Ledger.Queries;

/// <summary>One journal entry in full: postings, when it happened, its source message and its trace id, payload hash and
/// metadata.</summary>
public sealed record EntryDetail(
    HistoryEntry Entry,
    DateTimeOffset OccurredAt,
    Guid? SourceMessageId,
    string PayloadHash,
    string Metadata,
    string? TraceId = null
);

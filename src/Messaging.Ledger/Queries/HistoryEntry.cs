namespace Messaging.Ledger.Queries;

public sealed record HistoryEntry(
    long Id,
    string IdempotencyKey,
    string EntryType,
    string Description,
    DateTimeOffset RecordedAt,
    IReadOnlyList<HistoryPosting> Postings
);

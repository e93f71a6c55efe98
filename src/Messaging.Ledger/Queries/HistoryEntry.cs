namespace Messaging.Ledger.Queries;

/// <summary>One journal entry with its postings.</summary>
public sealed record HistoryEntry(
    long Id,
    string IdempotencyKey,
    string EntryType,
    string Description,
    DateTimeOffset RecordedAt,
    IReadOnlyList<HistoryPosting> Postings
);

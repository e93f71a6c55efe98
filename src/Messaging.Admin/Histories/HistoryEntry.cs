namespace Messaging.Admin.Histories;

/// <summary>The JSON shape of one entry in <c>history --json</c>.</summary>
internal sealed record HistoryEntry(long Id, string IdempotencyKey, string EntryType, string Description, DateTimeOffset RecordedAt, List<HistoryPosting> Postings);

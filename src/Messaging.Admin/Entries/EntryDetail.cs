using Messaging.Admin.Histories;

namespace Messaging.Admin.Entries;

/// <summary>The JSON shape of <c>entry --json</c>.</summary>
internal sealed record EntryDetail(HistoryEntry Entry, DateTimeOffset OccurredAt, Guid? SourceMessageId, string PayloadHash, string Metadata);

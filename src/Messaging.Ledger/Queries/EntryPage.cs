namespace Messaging.Ledger.Queries;

/// <summary>Newest first; <see cref="Next"/> is the cursor of the next (older) page, null after the last.</summary>
public sealed record EntryPage(IReadOnlyList<HistoryEntry> Entries, long? Next);

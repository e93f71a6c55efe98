using Messaging.Ledger.Journal;

namespace Messaging.Ledger.Writing;

/// <param name="Entries">Posting only to accounts the command named; a key that exists is skipped.</param>
/// <param name="Result">What the command's outcome carries (<see cref="LedgerOutcome.Settlement"/>).</param>
public sealed record Settled<TResult>(IReadOnlyList<EntryDraft> Entries, TResult Result);

using Messaging.Ledger.Journal;

namespace Messaging.Ledger.Writing;

/// <param name="Primary">Applied exactly once per idempotency key: its key makes the message idempotent.</param>
/// <param name="FollowUps">Attempted only when the primary is applied; skipped when their own key exists (a once-per-user bonus).</param>
/// <param name="SourceMessageId">Recorded on every entry it writes.</param>
/// <param name="Guard">A rule the primary must pass against current balances and limits, decided under lock; null: none.</param>
/// <param name="Preconditions">Entries that must exist before the command is decided, each written once per key; null: none.</param>
/// <param name="Settlement">Work that follows once the primary is applied, in the same transaction; null: none.</param>
/// <param name="TraceId">The W3C trace id, recorded on every entry it writes; null: none.</param>
public sealed record LedgerWrite(
    EntryDraft Primary,
    IReadOnlyList<EntryDraft> FollowUps,
    Guid? SourceMessageId = null,
    LedgerGuard? Guard = null,
    IReadOnlyList<LedgerPrecondition>? Preconditions = null,
    SettlementRequest? Settlement = null,
    string? TraceId = null
)
{
    public IEnumerable<EntryDraft> AllEntries => FollowUps.Prepend(Primary);

    /// <summary>Its entries', its preconditions' and its settlement's.</summary>
    public IEnumerable<Accounts.AccountRef> AllAccounts =>
        AllEntries
            .SelectMany(e => e.Postings)
            .Select(p => p.Account)
            .Concat((Preconditions ?? []).SelectMany(p => p.Accounts))
            .Concat(Settlement?.Accounts ?? []);
}

using Messaging.Ledger.Journal;

namespace Messaging.Ledger.Writing;

/// <summary>
/// What one message asks of the ledger: a primary entry, applied exactly once per idempotency key,
/// and follow-up entries (such as once-per-user bonuses) attempted only when the primary is applied
/// and silently skipped when their own key already exists.
/// </summary>
/// <param name="Primary">The entry the message is about; its key makes the message idempotent.</param>
/// <param name="FollowUps">Entries that go with a first application of the primary.</param>
/// <param name="SourceMessageId">The message that asked for it, recorded on every entry it writes.</param>
/// <param name="Guard">A rule the primary must pass against current balances and limits (null: none), decided under lock.</param>
/// <param name="Preconditions">Entries that must exist before the command is decided, each written once per key (null: none).</param>
/// <param name="Settlement">Work that follows once the primary is applied, in the same transaction (null: none).</param>
/// <param name="TraceId">The W3C trace id of the message that asked for it, recorded on every entry it writes (null: none).</param>
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

    /// <summary>Every account the command may post to: its entries', its preconditions' and its settlement's.</summary>
    public IEnumerable<Accounts.AccountRef> AllAccounts =>
        AllEntries
            .SelectMany(e => e.Postings)
            .Select(p => p.Account)
            .Concat((Preconditions ?? []).SelectMany(p => p.Accounts))
            .Concat(Settlement?.Accounts ?? []);
}

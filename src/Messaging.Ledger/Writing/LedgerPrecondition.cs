namespace Messaging.Ledger.Writing;

/// <summary>
/// Written once per key by whichever command needs it first (a user's quota month opening, the previous month's tokens lapsing). The
/// writer locks <see cref="Accounts"/>, skips the key when it exists, and otherwise asks <see cref="Entry"/>, which sees the balances as
/// they stand and returns the entry, carrying <see cref="IdempotencyKey"/>, or null to write none.
/// </summary>
public sealed record LedgerPrecondition(
    string IdempotencyKey,
    IReadOnlyList<Accounts.AccountRef> Accounts,
    Func<GuardView, Journal.EntryDraft?> Entry
);

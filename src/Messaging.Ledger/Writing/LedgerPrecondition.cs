namespace Messaging.Ledger.Writing;

/// <summary>
/// An entry that must exist before a command is decided, written once per key by whichever command needs it first: a
/// user's quota month opening with its limit, the previous month's unused tokens lapsing. The writer locks
/// <paramref name="Accounts"/>, skips the key when it exists, and otherwise asks <paramref name="Entry"/>, which sees the
/// balances as they stand (null: nothing to write, such as no tokens left to lapse).
/// </summary>
/// <param name="IdempotencyKey">The entry's key; the entry <paramref name="Entry"/> returns must carry it.</param>
/// <param name="Accounts">Every account the entry may post to, locked with the command's.</param>
/// <param name="Entry">The entry to write, given the balances; null to write none.</param>
public sealed record LedgerPrecondition(
    string IdempotencyKey,
    IReadOnlyList<Accounts.AccountRef> Accounts,
    Func<GuardView, Journal.EntryDraft?> Entry
);

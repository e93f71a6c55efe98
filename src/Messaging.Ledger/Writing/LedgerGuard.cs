namespace Messaging.Ledger.Writing;

// Decided by the writer while it holds the locks on the command's accounts and limits, in delivery order within a batch: so fifty
// concurrent requests against room for ten grant exactly ten, however they are batched or how many writers run.
/// <param name="LimitKeys">The usage limits the rule reads (locked, and created at zero on first use).</param>
/// <param name="Decide">Given the balances and the limits' usage, the entry to write and what it draws, or a refusal.</param>
/// <param name="RefusalIsFinal">
/// Whether a refusal answers the key for good: asked again, it is refused the same way without deciding again (a token deduction).
/// Otherwise a refused key is decided afresh next time (a recognition sent again after a top-up).
/// </param>
public sealed record LedgerGuard(IReadOnlyList<string> LimitKeys, Func<GuardView, GuardDecision> Decide, bool RefusalIsFinal = false);

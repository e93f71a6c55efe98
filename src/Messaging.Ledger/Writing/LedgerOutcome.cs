namespace Messaging.Ledger.Writing;

/// <summary>The ledger's answer to one <see cref="LedgerCommand"/>.</summary>
/// <param name="Kind">Applied, already applied, or refused as a conflict.</param>
/// <param name="AppliedEntries">The entries written for this command (none unless applied).</param>
/// <param name="BalancesAfter">Balance of each account the command touched, right after its own entries.</param>
/// <param name="ConflictReason">Why a conflict was refused, in words an operator can act on.</param>
public sealed record LedgerOutcome(
    LedgerOutcomeKind Kind,
    IReadOnlyList<AppliedEntry> AppliedEntries,
    IReadOnlyDictionary<string, long> BalancesAfter,
    string? ConflictReason = null)
{
    public static LedgerOutcome AlreadyApplied { get; } =
        new(LedgerOutcomeKind.AlreadyApplied, [], new Dictionary<string, long>());

    public static LedgerOutcome Conflicted(string reason) =>
        new(LedgerOutcomeKind.Conflict, [], new Dictionary<string, long>(), reason);
}

namespace Messaging.Ledger.Writing;

/// <summary>The ledger's answer to one <see cref="LedgerCommand"/>.</summary>
/// <param name="Kind">Applied, already applied, or refused as a conflict.</param>
/// <param name="AppliedEntries">The entries written for this command (none unless applied).</param>
/// <param name="BalancesAfter">Balance of each account the command touched, right after its own entries.</param>
/// <param name="Reason">Why a conflict or a refusal happened, in words an operator or requester can act on.</param>
/// <param name="RefusalCode">The refusal's code when <see cref="LedgerOutcomeKind.Refused"/>.</param>
public sealed record LedgerOutcome(
    LedgerOutcomeKind Kind,
    IReadOnlyList<AppliedEntry> AppliedEntries,
    IReadOnlyDictionary<string, long> BalancesAfter,
    string? Reason = null,
    string? RefusalCode = null)
{
    public static LedgerOutcome AlreadyApplied { get; } =
        new(LedgerOutcomeKind.AlreadyApplied, [], new Dictionary<string, long>());

    public static LedgerOutcome Conflicted(string reason) =>
        new(LedgerOutcomeKind.Conflict, [], new Dictionary<string, long>(), reason);

    public static LedgerOutcome Refused(string code, string reason) =>
        new(LedgerOutcomeKind.Refused, [], new Dictionary<string, long>(), reason, code);
}

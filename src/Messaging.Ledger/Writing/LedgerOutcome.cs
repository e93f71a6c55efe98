namespace Messaging.Ledger.Writing;

/// <summary>The ledger's answer to one <see cref="LedgerWrite"/>.</summary> <param name="Kind">Applied, already applied, refused as a
/// conflict, refused by a guard, or rejected for now.</param> <param name="AppliedEntries">The entries written for this command (none
/// unless applied).</param> <param name="BalancesAfter">Balance of each account the command touched, right after its own entries.</param>
/// <param name="Reason">Why a conflict or a refusal happened, in words an operator or requester can act on.</param> <param
/// name="RefusalCode">The refusal's code when <see cref="LedgerOutcomeKind.Refused"/> or <see cref="LedgerOutcomeKind.Rejected"/>.</param>
public sealed record LedgerOutcome(
    LedgerOutcomeKind Kind,
    IReadOnlyList<AppliedEntry> AppliedEntries,
    IReadOnlyDictionary<string, long> BalancesAfter,
    string? Reason = null,
    string? RefusalCode = null
)
{
    /// <summary>Everything ever credited to each account the command touched (a token quota month's limit), right after it.</summary>
    public IReadOnlyDictionary<string, long> CreditedAfter { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// What the command's settlement found (<see cref="Settled{TResult}.Result"/>), or null; its settlement reads it back
    /// as its own type (<see cref="Attendance.AttendanceSettlement.ResultOf"/>).
    /// </summary>
    public object? Settlement { get; init; }

    public static LedgerOutcome AlreadyApplied { get; } = new(LedgerOutcomeKind.AlreadyApplied, [], new Dictionary<string, long>());

    /// <summary>The refusal code of a key applied before with other content.</summary>
    public const string ConflictCode = "idempotency_conflict";

    public static LedgerOutcome Conflicted(string reason) =>
        new(LedgerOutcomeKind.Conflict, [], new Dictionary<string, long>(), reason, ConflictCode);

    /// <summary>A refusal for now, dead-lettered to be replayed once its reason is gone (<see
    /// cref="LedgerOutcomeKind.Rejected"/>).</summary>
    public static LedgerOutcome Rejected(string code, string reason) =>
        new(LedgerOutcomeKind.Rejected, [], new Dictionary<string, long>(), reason, code);

    /// <summary>A guard's refusal, with the balances and credits of the command's accounts as the guard saw them.</summary>
    public static LedgerOutcome Refused(
        string code,
        string reason,
        IReadOnlyDictionary<string, long>? balances = null,
        IReadOnlyDictionary<string, long>? credited = null
    ) =>
        new(LedgerOutcomeKind.Refused, [], balances ?? new Dictionary<string, long>(), reason, code)
        {
            CreditedAfter = credited ?? new Dictionary<string, long>(),
        };
}

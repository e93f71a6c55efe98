namespace Messaging.Ledger.Writing;

/// <summary>
/// <see cref="AppliedEntries"/> is empty unless applied; <see cref="BalancesAfter"/> holds each touched account's balance right after the
/// command's own entries; <see cref="RefusalCode"/> is set when <see cref="LedgerOutcomeKind.Refused"/> or
/// <see cref="LedgerOutcomeKind.Rejected"/>.
/// </summary>
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
    /// Null without a settlement; the settlement reads it back as its own type (<see cref="Attendance.AttendanceSettlement.ResultOf"/>).
    /// </summary>
    public object? Settlement { get; init; }

    public static LedgerOutcome AlreadyApplied { get; } = new(LedgerOutcomeKind.AlreadyApplied, [], new Dictionary<string, long>());

    /// <summary>A key applied before with other content.</summary>
    public const string ConflictCode = "idempotency_conflict";

    public static LedgerOutcome Conflicted(string reason) =>
        new(LedgerOutcomeKind.Conflict, [], new Dictionary<string, long>(), reason, ConflictCode);

    /// <summary>Dead-lettered, to be replayed once its reason is gone.</summary>
    public static LedgerOutcome Rejected(string code, string reason) =>
        new(LedgerOutcomeKind.Rejected, [], new Dictionary<string, long>(), reason, code);

    /// <summary>With the balances and credits of the command's accounts as the guard saw them.</summary>
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

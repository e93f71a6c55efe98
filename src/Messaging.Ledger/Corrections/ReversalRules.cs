using Messaging.Ledger.Journal;

namespace Messaging.Ledger.Corrections;

// What reversing an entry means, by its type (issue 27, item 5). Reversible are the entries whose every derived figure is either summed
// from the postings with the reversal counted against the entry it undoes (a user's lifetime earned, a tenant's recognised) or a usage
// row the reversal gives back in the same transaction (an earning cap's room, a giver's monthly allowance). Every other type feeds state
// a negated posting cannot undo (a streak, a badge, a redemption's status, an adjustment's or an allocation's record, a quota month), so
// its reversal is refused with the domain operation that corrects it instead.
public static class ReversalRules
{
    private const string AdjustInstead =
        "its points are corrected by an adjustment instead, which keeps the record true: `adjust USER -N --reason TEXT` to take points "
        + "back, `+N` to give them (API: POST /api/v1/users/{user}/adjustments).";

    private static readonly Dictionary<string, string> RefusedBecause = new(StringComparer.Ordinal)
    {
        [EntryTypes.Reversal] =
            "a reversal is not undone by reversing it. If the original entry was right after all, record it again as a new entry.",
        [EntryTypes.Attendance] =
            "an attendance is a fact its user's streak, badges and leaderboard rows rest on, and they would keep counting it; "
            + AdjustInstead,
        [EntryTypes.StreakBonus] = "a streak bonus rests on the attendances of its weeks, which stay; " + AdjustInstead,
        [EntryTypes.BadgeAward] = "a badge rests on the attendances that earned it, which stay; " + AdjustInstead,
        [EntryTypes.ActivityBonus] = "a special activity's bonus is part of its attendance, which stays; " + AdjustInstead,
        [EntryTypes.Redeemed] = "a redemption is settled by its saga, and its record would still say it was completed; " + AdjustInstead,
        [EntryTypes.RedemptionRefund] = "a refund is its redemption saga's answer to a failed or expired redemption; " + AdjustInstead,
        [EntryTypes.PointsExpired] = "expired points come back only as new points; " + AdjustInstead,
        [EntryTypes.Adjustment] =
            "an adjustment is corrected by another adjustment, so both stay on record with their reasons; " + AdjustInstead,
        [EntryTypes.TenantAllocation] =
            "a tenant's allocations are its pool's record of what the platform granted; take points back "
            + "from the pool with a clawback instead, which says why: `clawback TENANT N --reason TEXT`.",
        [EntryTypes.TenantClawback] =
            "a tenant's clawbacks are its pool's record of what the platform took back; give points back "
            + "with an allocation instead: `allocate TENANT N --reference-note TEXT`.",
        [EntryTypes.QuotaReset] = QuotaInstead("a quota month's grant"),
        [EntryTypes.QuotaLapse] = QuotaInstead("a quota month's lapse"),
        [EntryTypes.QuotaAdjustment] = QuotaInstead("a plan change's quota adjustment"),
        [EntryTypes.TokensDeducted] = QuotaInstead("a token deduction"),
    };

    /// <summary>The entry types a reversal may undo.</summary>
    public static IReadOnlySet<string> Reversible { get; } =
        new HashSet<string>(
            [EntryTypes.OrderEarned, EntryTypes.SignupBonus, EntryTypes.FirstOrderBonus, EntryTypes.Recognition],
            StringComparer.Ordinal
        );

    /// <summary>Null when an entry of <paramref name="entryType"/> may be reversed; otherwise why not, and what to do instead.</summary>
    public static string? RefusalFor(string entryType, string key)
    {
        ArgumentNullException.ThrowIfNull(entryType);
        if (Reversible.Contains(entryType))
        {
            return null;
        }

        return RefusedBecause.TryGetValue(entryType, out var because)
            ? $"'{key}' is a {entryType} entry, which is not reversed: {because}"
            : $"'{key}' is a {entryType} entry, which is not reversed: no rule says what undoing it would mean. " + AdjustInstead;
    }

    private static string QuotaInstead(string what) =>
        $"{what} is tokens, not points, and the quota's month is settled by its rollover and the product's own deductions; change what the "
        + "user may use with `quota plan USER PLAN` instead.";
}

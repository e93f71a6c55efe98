namespace Messaging.Ledger.Journal;

// Seed 001's transaction types map onto these.
public static class EntryTypes
{
    public const string OrderEarned = "earned";
    public const string SignupBonus = "signup";
    public const string FirstOrderBonus = "first_order";
    public const string Redeemed = "redeemed";
    public const string RedemptionRefund = "redemption_refund";
    public const string TenantAllocation = "tenant_allocation";
    public const string TenantClawback = "tenant_clawback";
    public const string Recognition = "recognition";

    /// <summary>A user's quota month opens with its limit (seed 004's reset).</summary>
    public const string QuotaReset = "quota_reset";

    public const string QuotaLapse = "quota_lapse";

    /// <summary>A plan changed mid-month: the month's limit moves by the difference.</summary>
    public const string QuotaAdjustment = "quota_adjustment";

    public const string TokensDeducted = "tokens_deducted";

    public const string Attendance = "attendance";

    /// <summary>Also its top-up when a late attendance lengthens the week's streak.</summary>
    public const string StreakBonus = "streak_bonus";

    public const string BadgeAward = "badge_award";

    /// <summary>A special activity's bonus, paid with the attendance that names it (Attendance:ActivityBonuses).</summary>
    public const string ActivityBonus = "activity_bonus";

    /// <summary>An operator's compensating entry: the postings of another entry, negated (history is never edited).</summary>
    public const string Reversal = "reversal";

    /// <summary>
    /// What was left of a lot when it expired (issue 27); its metadata names the lot by the key of the entry that credited it.
    /// </summary>
    public const string PointsExpired = "points_expired";

    /// <summary>An operator's correction of a wallet, with its reason (adjustment:{id}).</summary>
    public const string Adjustment = "adjustment";
}

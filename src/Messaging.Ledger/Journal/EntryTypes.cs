namespace Messaging.Ledger.Journal;

/// <summary>Journal entry types; seed 001's transaction types map onto these.</summary>
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
}

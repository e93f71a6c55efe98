namespace Messaging.Ledger.Redemptions;

/// <summary>Reason codes of <c>RedemptionRejected</c>: nothing was held.</summary>
public static class RejectionReasons
{
    public const string InsufficientPoints = "insufficient_points";
    public const string UnknownReward = "unknown_reward";
    public const string InactiveReward = "inactive_reward";
    public const string OutOfStock = "out_of_stock";
    public const string CostMismatch = "cost_mismatch";
}

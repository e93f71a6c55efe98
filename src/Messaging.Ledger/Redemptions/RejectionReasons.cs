namespace Messaging.Ledger.Redemptions;

// Reason codes of RedemptionRejected: nothing was held.
public static class RejectionReasons
{
    public const string InsufficientPoints = "insufficient_points";
    public const string UnknownReward = "unknown_reward";
    public const string InactiveReward = "inactive_reward";
    public const string OutOfStock = "out_of_stock";
    public const string CostMismatch = "cost_mismatch";
}

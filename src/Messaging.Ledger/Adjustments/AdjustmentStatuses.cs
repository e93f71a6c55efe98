namespace Messaging.Ledger.Adjustments;

// The database refuses any other.
public static class AdjustmentStatuses
{
    /// <summary>Above the approval threshold, waiting for a second admin.</summary>
    public const string Pending = "pending";

    public const string Applied = "applied";

    /// <summary>It would have taken the wallet below zero; nothing was written.</summary>
    public const string Refused = "refused";

    /// <summary>Withdrawn while pending, by an admin, with a reason; nothing was written.</summary>
    public const string Cancelled = "cancelled";
}

namespace Messaging.Ledger.Redemptions;

// A completed redemption is active until it is used or expires.
public static class RedemptionStatuses
{
    public const string Active = "active";
    public const string Used = "used";
    public const string Expired = "expired";
}

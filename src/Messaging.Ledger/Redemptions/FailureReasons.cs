namespace Messaging.Ledger.Redemptions;

// Reason codes of RedemptionFailed: points were held, then given back in full.
public static class FailureReasons
{
    public const string FulfilmentFailed = "fulfilment_failed";
    public const string FulfilmentTimeout = "fulfilment_timeout";
    public const string HoldExpired = "hold_expired";
}

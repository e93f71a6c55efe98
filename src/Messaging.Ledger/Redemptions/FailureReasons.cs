namespace Messaging.Ledger.Redemptions;

/// <summary>Reason codes of <c>RedemptionFailed</c>: points were held, then given back in full.</summary>
public static class FailureReasons
{
    public const string FulfilmentFailed = "fulfilment_failed";
    public const string FulfilmentTimeout = "fulfilment_timeout";
    public const string HoldExpired = "hold_expired";
}

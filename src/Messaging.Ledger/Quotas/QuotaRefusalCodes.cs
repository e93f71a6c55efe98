namespace Messaging.Ledger.Quotas;

// The codes requesters and the refusal log see.
public static class QuotaRefusalCodes
{
    /// <summary>The month has fewer tokens left than the use asks for.</summary>
    public const string QuotaExceeded = "quota_exceeded";
}

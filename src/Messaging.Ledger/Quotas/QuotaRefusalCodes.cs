namespace Messaging.Ledger.Quotas;

/// <summary>Why a deduction was refused; the codes requesters and the refusal log see.</summary>
public static class QuotaRefusalCodes
{
    /// <summary>The month has fewer tokens left than the use asks for.</summary>
    public const string QuotaExceeded = "quota_exceeded";
}

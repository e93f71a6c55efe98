namespace Messaging.Ledger.Tenants;

// The codes requesters and the refusal log see.
public static class TenantRefusalCodes
{
    /// <summary>The pool holds fewer points than the recognition asks for (seed 002's wording).</summary>
    public const string InsufficientAllocation = "insufficient_allocation";

    /// <summary>The giver has less of this month's giving allowance left than the recognition asks for.</summary>
    public const string AllowanceExceeded = "allowance_exceeded";

    public const string SelfRecognition = "self_recognition";

    /// <summary>A clawback found nothing to take back.</summary>
    public const string PoolEmpty = "pool_empty";

    public const string UnknownTenant = "unknown_tenant";
}

namespace Messaging.Ledger.Tenants;

/// <summary>Why the ledger refused a tenant command or a recognition; the codes requesters and the refusal log see.</summary>
public static class TenantRefusalCodes
{
    /// <summary>The tenant's pool holds fewer points than the recognition asks for (seed 002's wording).</summary>
    public const string InsufficientAllocation = "insufficient_allocation";

    /// <summary>The giver has less of this month's giving allowance left than the recognition asks for.</summary>
    public const string AllowanceExceeded = "allowance_exceeded";

    /// <summary>Giver and receiver are the same person.</summary>
    public const string SelfRecognition = "self_recognition";

    /// <summary>A clawback found the pool empty: nothing to take back.</summary>
    public const string PoolEmpty = "pool_empty";

    /// <summary>The command names a tenant nobody registered.</summary>
    public const string UnknownTenant = "unknown_tenant";
}

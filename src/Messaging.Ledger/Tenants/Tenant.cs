namespace Messaging.Ledger.Tenants;

// Registered by an operator before points can be allocated to it. Its pool is an account (AccountRef.TenantPool); this row holds only
// what the ledger cannot derive.
public sealed class Tenant
{
    public required string TenantId { get; set; }
    public required string Name { get; set; }

    /// <summary>The IANA time zone its calendar months (for giving allowances) and daily reports follow.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Per giver and calendar month; null: no allowance, only the pool limits giving.</summary>
    public long? MonthlyGivingAllowance { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

namespace Messaging.Ledger.Tenants;

/// <summary>A registered tenant with its pool's figures, as the <c>tenants</c> command lists them.</summary>
/// <param name="TenantId">The tenant's id.</param>
/// <param name="Name">Its display name.</param>
/// <param name="TimeZone">The IANA time zone of its months.</param>
/// <param name="MonthlyGivingAllowance">Points each giver may grant per month, or null for no allowance.</param>
/// <param name="PoolBalance">Points in the pool now.</param>
/// <param name="Allocated">Points ever allocated into the pool.</param>
/// <param name="ClawedBack">Points ever taken back from it.</param>
/// <param name="Recognised">Points ever granted from it as recognitions.</param>
/// <param name="CreatedAt">When it was registered.</param>
public sealed record TenantRow(
    string TenantId,
    string Name,
    string TimeZone,
    long? MonthlyGivingAllowance,
    long PoolBalance,
    long Allocated,
    long ClawedBack,
    long Recognised,
    DateTimeOffset CreatedAt
);

namespace Messaging.Ledger.Tenants;

/// <summary><see cref="MonthlyGivingAllowance"/> is per giver; null for no allowance.</summary>
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

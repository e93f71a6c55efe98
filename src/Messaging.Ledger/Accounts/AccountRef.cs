namespace Messaging.Ledger.Accounts;

/// <summary>
/// Names an account by its stable code, with what is needed to open it on first use: its kind, owner, whether it
/// may go negative, and its tenant (accounts are partitioned by tenant, as TigerBeetle partitions them by ledger).
/// </summary>
public sealed record AccountRef(string Code, string Kind, string? OwnerId, bool AllowNegative)
{
    /// <summary>The tenant of every account until tenants exist, and of the platform's own accounts.</summary>
    public const string DefaultTenant = "default";

    public string TenantId { get; init; } = DefaultTenant;

    /// <summary>The source of every minted point; the only account allowed below zero.</summary>
    public static AccountRef PlatformIssuance { get; } =
        new("platform:issuance", AccountKinds.PlatformIssuance, null, AllowNegative: true);

    /// <summary>Where spent points go: credited when a redemption is captured, debited by a refund.</summary>
    public static AccountRef PlatformRedemptions { get; } =
        new("platform:redemptions", AccountKinds.PlatformRedemptions, null, AllowNegative: false);

    /// <summary>A tenant's pool, in the tenant's partition; owned by the tenant.</summary>
    public static AccountRef TenantPool(string tenantId) =>
        new($"tenant:{tenantId}:pool", AccountKinds.TenantPool, tenantId, AllowNegative: false) { TenantId = tenantId };

    /// <summary>A user's token quota for one month (yyyy-MM).</summary>
    public static AccountRef TokenQuota(string userId, string month) =>
        new($"quota:{userId}:{month}", AccountKinds.TokenQuota, userId, AllowNegative: false);

    /// <summary>The source of every month's tokens.</summary>
    public static AccountRef TokenIssuance { get; } = new("platform:tokens", AccountKinds.TokenIssuance, null, AllowNegative: true);

    /// <summary>Where used tokens go.</summary>
    public static AccountRef TokenUsage { get; } = new("platform:tokens:used", AccountKinds.TokenUsage, null, AllowNegative: false);

    /// <summary>Where a closed month's unused tokens go.</summary>
    public static AccountRef TokenLapsed { get; } = new("platform:tokens:lapsed", AccountKinds.TokenLapsed, null, AllowNegative: false);

    public static AccountRef UserWallet(string userId) =>
        new($"user:{userId}:wallet", AccountKinds.UserWallet, userId, AllowNegative: false);
}

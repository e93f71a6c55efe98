namespace Messaging.Ledger.Accounts;

// Names an account by its stable code, with what is needed to open it on first use. Accounts are partitioned by tenant, as TigerBeetle
// partitions them by ledger.
public sealed record AccountRef(string Code, string Kind, string? OwnerId, bool AllowNegative)
{
    /// <summary>The tenant of every account until tenants exist, and of the platform's own accounts.</summary>
    public const string DefaultTenant = "default";

    public string TenantId { get; init; } = DefaultTenant;

    /// <summary>The issuer follows (<see cref="Issuers"/>).</summary>
    public const string IssuancePrefix = "platform:issuance:";

    // Together they are "the points issued", with platform:issuance, which holds what was minted before issuers had their own (2026-12-05;
    // nothing posts to it any more).
    /// <summary>The only points accounts allowed below zero.</summary>
    public static AccountRef IssuanceOf(string issuer) =>
        Issuers.All.Contains(issuer)
            ? new(IssuancePrefix + issuer, AccountKinds.PlatformIssuance, null, AllowNegative: true)
            : throw new ArgumentOutOfRangeException(nameof(issuer), issuer, $"Not an issuer; known: {string.Join(", ", Issuers.All)}.");

    // Where spent points went before captures were spread over RedemptionShards accounts; still debited by the refund of a redemption
    // captured into it. Every account of its kind together is "the points spent".
    public static AccountRef PlatformRedemptions { get; } = PlatformRedemptionsAt("platform:redemptions");

    public const int RedemptionShards = 64;

    // Every capture locks and updates its counter-account until it commits, so with one account for all of them captures ran one at a time;
    // spread, they queue only when two land on the same account. A refund debits the account its capture credited, whatever the count was
    // then.
    /// <summary>One of <see cref="RedemptionShards"/> accounts, chosen by the redemption's id.</summary>
    public static AccountRef PlatformRedemptionsFor(Guid redemptionId) =>
        PlatformRedemptionsAt(
            string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"platform:redemptions:{(uint)redemptionId.GetHashCode() % RedemptionShards}"
            )
        );

    /// <summary>By the code recorded on a capture's posting.</summary>
    public static AccountRef PlatformRedemptionsAt(string code) => new(code, AccountKinds.PlatformRedemptions, null, AllowNegative: false);

    public static AccountRef TenantPool(string tenantId) =>
        new($"tenant:{tenantId}:pool", AccountKinds.TenantPool, tenantId, AllowNegative: false) { TenantId = tenantId };

    /// <summary><paramref name="month"/> is yyyy-MM.</summary>
    public static AccountRef TokenQuota(string userId, string month) =>
        new($"quota:{userId}:{month}", AccountKinds.TokenQuota, userId, AllowNegative: false);

    public static AccountRef TokenIssuance { get; } = new("platform:tokens", AccountKinds.TokenIssuance, null, AllowNegative: true);

    public static AccountRef TokenUsage { get; } = new("platform:tokens:used", AccountKinds.TokenUsage, null, AllowNegative: false);

    public static AccountRef TokenLapsed { get; } = new("platform:tokens:lapsed", AccountKinds.TokenLapsed, null, AllowNegative: false);

    /// <summary>
    /// Where operators' adjustments come from and go to: points it gives are issued, as any issuer's (it may go below zero).
    /// </summary>
    public static AccountRef Adjustments { get; } = new("platform:adjustments", AccountKinds.PlatformIssuance, null, AllowNegative: true);

    public static AccountRef ExpiredPoints(string userId) =>
        new($"user:{userId}:expired", AccountKinds.UserExpired, userId, AllowNegative: false);

    public static AccountRef UserWallet(string userId) =>
        new($"user:{userId}:wallet", AccountKinds.UserWallet, userId, AllowNegative: false);
}

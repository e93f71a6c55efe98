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

    /// <summary>What every issuance account's code starts with; the issuer follows (<see cref="Issuers"/>).</summary>
    public const string IssuancePrefix = "platform:issuance:";

    /// <summary>
    /// The source of the points one kind of upstream system mints (<see cref="Issuers"/>); accounts of this kind are the
    /// only points accounts allowed below zero, and together they are "the points issued" (with <c>platform:issuance</c>,
    /// which holds what was minted before issuers had their own, 2026-12-05; nothing posts to it any more).
    /// </summary>
    public static AccountRef IssuanceOf(string issuer) =>
        Issuers.All.Contains(issuer)
            ? new(IssuancePrefix + issuer, AccountKinds.PlatformIssuance, null, AllowNegative: true)
            : throw new ArgumentOutOfRangeException(nameof(issuer), issuer, $"Not an issuer; known: {string.Join(", ", Issuers.All)}.");

    /// <summary>
    /// Where spent points went before captures were spread over <see cref="RedemptionShards"/> accounts; still debited by
    /// the refund of a redemption captured into it. Every account of its kind together is "the points spent".
    /// </summary>
    public static AccountRef PlatformRedemptions { get; } = PlatformRedemptionsAt("platform:redemptions");

    /// <summary>How many accounts spent points are spread over (see <see cref="PlatformRedemptionsFor"/>).</summary>
    public const int RedemptionShards = 64;

    /// <summary>
    /// Where a redemption's spent points go: one of <see cref="RedemptionShards"/> accounts of the same kind, chosen by the
    /// redemption's id. Every capture locks and updates its counter-account until it commits, so with one account for all
    /// of them captures ran one at a time; spread, they queue only when two land on the same account. A refund debits the
    /// account its capture credited, whatever the count was then.
    /// </summary>
    public static AccountRef PlatformRedemptionsFor(Guid redemptionId) =>
        PlatformRedemptionsAt(
            string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"platform:redemptions:{(uint)redemptionId.GetHashCode() % RedemptionShards}"
            )
        );

    /// <summary>An account of spent points by its code, as recorded on a capture's posting.</summary>
    public static AccountRef PlatformRedemptionsAt(string code) => new(code, AccountKinds.PlatformRedemptions, null, AllowNegative: false);

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

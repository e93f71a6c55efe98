namespace Messaging.Ledger.Accounts;

// The database refuses any other kind.
public static class AccountKinds
{
    public const string UserWallet = "user_wallet";
    public const string PlatformIssuance = "platform_issuance";
    public const string PlatformRedemptions = "platform_redemptions";

    /// <summary>What the platform allocated to a tenant, which its recognitions draw from; never below zero.</summary>
    public const string TenantPool = "tenant_pool";

    /// <summary>One user's month: credited with the month's limit when it opens, debited by each use.</summary>
    public const string TokenQuota = "token_quota";

    /// <summary>The source of every month's tokens; the only token account allowed below zero.</summary>
    public const string TokenIssuance = "token_issuance";

    public const string TokenUsage = "token_usage";

    /// <summary>A month's unused tokens when it closes: they lapse, they do not roll over.</summary>
    public const string TokenLapsed = "token_lapsed";

    /// <summary>
    /// A user's points that expired: where each expiry entry moves them, one account per user so expiries lock nothing shared.
    /// </summary>
    public const string UserExpired = "user_expired";

    public static readonly IReadOnlyList<string> All =
    [
        UserWallet,
        PlatformIssuance,
        PlatformRedemptions,
        TenantPool,
        TokenQuota,
        TokenIssuance,
        TokenUsage,
        TokenLapsed,
        UserExpired,
    ];

    /// <summary>Kept out of the points' conservation figures.</summary>
    public static readonly IReadOnlyList<string> Tokens = [TokenQuota, TokenIssuance, TokenUsage, TokenLapsed];
}

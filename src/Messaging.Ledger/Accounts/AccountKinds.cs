namespace Messaging.Ledger.Accounts;

/// <summary>The kinds of account the ledger knows; the database refuses any other.</summary>
public static class AccountKinds
{
    public const string UserWallet = "user_wallet";
    public const string PlatformIssuance = "platform_issuance";
    public const string PlatformRedemptions = "platform_redemptions";

    /// <summary>A tenant's pool: what the platform allocated to it, which its recognitions draw from; never below zero.</summary>
    public const string TenantPool = "tenant_pool";

    /// <summary>A user's token quota for one month: credited with the month's limit when it opens, debited by each use.</summary>
    public const string TokenQuota = "token_quota";

    /// <summary>The source of every month's tokens; the only token account allowed below zero.</summary>
    public const string TokenIssuance = "token_issuance";

    /// <summary>Where used tokens go.</summary>
    public const string TokenUsage = "token_usage";

    /// <summary>Where a month's unused tokens go when it closes: they lapse, they do not roll over.</summary>
    public const string TokenLapsed = "token_lapsed";

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
    ];

    /// <summary>The kinds that hold tokens, not points: kept out of the points' conservation figures.</summary>
    public static readonly IReadOnlyList<string> Tokens = [TokenQuota, TokenIssuance, TokenUsage, TokenLapsed];
}

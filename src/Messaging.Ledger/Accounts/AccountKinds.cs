namespace Messaging.Ledger.Accounts;

/// <summary>The kinds of account the ledger knows; the database refuses any other.</summary>
public static class AccountKinds
{
    public const string UserWallet = "user_wallet";
    public const string PlatformIssuance = "platform_issuance";
    public const string PlatformRedemptions = "platform_redemptions";

    /// <summary>A tenant's pool: what the platform allocated to it, which its recognitions draw from; never below zero.</summary>
    public const string TenantPool = "tenant_pool";

    public static readonly IReadOnlyList<string> All = [UserWallet, PlatformIssuance, PlatformRedemptions, TenantPool];
}

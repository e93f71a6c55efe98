namespace Messaging.Ledger.Accounts;

// Each kind of upstream system mints from its own issuance account, so the ledger shows who minted what and each may be capped on its own
// (Issuance:DailyCaps:<issuer>). Each matches one broker user of eng/rabbitmq/users.tsv.
public static class Issuers
{
    /// <summary>Order systems (ledger_orders): points for orders and their signup and first-order bonuses.</summary>
    public const string Orders = "orders";

    /// <summary>Event systems (ledger_events): attendance points, streak bonuses and badges.</summary>
    public const string Events = "events";

    /// <summary>Administrators (ledger_admin): allocations to tenants' pools; clawbacks return to it.</summary>
    public const string Admins = "admins";

    public static readonly IReadOnlyList<string> All = [Orders, Events, Admins];

    /// <summary>Null for an account that is no issuer's issuance account.</summary>
    public static string? OfAccount(string accountCode) =>
        accountCode.StartsWith(AccountRef.IssuancePrefix, StringComparison.Ordinal)
        && All.Contains(accountCode[AccountRef.IssuancePrefix.Length..])
            ? accountCode[AccountRef.IssuancePrefix.Length..]
            : null;
}

namespace Messaging.Ledger.Accounts;

/// <summary>
/// The kinds of upstream system that mint points, each from its own issuance account
/// (<see cref="AccountRef.IssuanceOf"/>), so the ledger shows who minted what and each may be capped on its own
/// (<c>Issuance:DailyCaps:&lt;issuer&gt;</c>). Each matches one broker user of <c>eng/rabbitmq/users.tsv</c>.
/// </summary>
public static class Issuers
{
    /// <summary>Order systems (<c>ledger_orders</c>): points for orders and their signup and first-order bonuses.</summary>
    public const string Orders = "orders";

    /// <summary>Event systems (<c>ledger_events</c>): attendance points, streak bonuses and badges.</summary>
    public const string Events = "events";

    /// <summary>Administrators (<c>ledger_admin</c>): allocations to tenants' pools; clawbacks return to it.</summary>
    public const string Admins = "admins";

    public static readonly IReadOnlyList<string> All = [Orders, Events, Admins];

    /// <summary>The issuer whose issuance account has this code, or null for any other account.</summary>
    public static string? OfAccount(string accountCode) =>
        accountCode.StartsWith(AccountRef.IssuancePrefix, StringComparison.Ordinal)
        && All.Contains(accountCode[AccountRef.IssuancePrefix.Length..])
            ? accountCode[AccountRef.IssuancePrefix.Length..]
            : null;
}

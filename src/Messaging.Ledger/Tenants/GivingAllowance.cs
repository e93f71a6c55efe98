using System.Globalization;

namespace Messaging.Ledger.Tenants;

// Each month of the tenant's time zone has its own usage limit, so unused allowance lapses by itself when the month turns: no job resets
// anything.
public static class GivingAllowance
{
    /// <summary>In a recognition's metadata: the usage row it drew on, which a reversal gives back.</summary>
    public const string MetadataField = "LimitKey";

    public static string LimitKeyOf(Tenant tenant, string giverId, DateTimeOffset givenAt)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return $"giving:{tenant.TenantId}:{giverId}:{MonthOf(tenant, givenAt)}";
    }

    /// <summary>yyyy-MM in the tenant's time zone.</summary>
    public static string MonthOf(Tenant tenant, DateTimeOffset moment)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var local = TimeZoneInfo.ConvertTime(moment, TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone));
        return local.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }
}

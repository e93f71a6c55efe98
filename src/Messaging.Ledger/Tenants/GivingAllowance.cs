using System.Globalization;

namespace Messaging.Ledger.Tenants;

/// <summary>
/// A giver's monthly allowance: what they may grant in one calendar month of their tenant's time zone. Each month has
/// its own usage limit, so unused allowance lapses by itself when the month turns: no job resets anything.
/// </summary>
public static class GivingAllowance
{
    /// <summary>The usage limit a recognition given at <paramref name="givenAt"/> draws on.</summary>
    public static string LimitKeyOf(Tenant tenant, string giverId, DateTimeOffset givenAt)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return $"giving:{tenant.TenantId}:{giverId}:{MonthOf(tenant, givenAt)}";
    }

    /// <summary>The calendar month (yyyy-MM) of a moment in the tenant's time zone.</summary>
    public static string MonthOf(Tenant tenant, DateTimeOffset moment)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var local = TimeZoneInfo.ConvertTime(moment, TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone));
        return local.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }
}

using System.Globalization;

namespace Messaging.Ledger.Quotas;

/// <summary>A quota month (yyyy-MM) in the configured time zone: the month a moment falls in, and the one before.</summary>
public static class QuotaMonth
{
    public static string Of(DateTimeOffset moment, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(moment, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string Before(string month) =>
        DateTime.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Messaging.Ledger.Quotas;

// Quota months (yyyy-MM) follow the configured time zone's calendar.
public static class QuotaMonth
{
    public static string Of(DateTimeOffset moment, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(moment, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>yyyy-MM (2026-11).</summary>
    public static bool IsMonth([NotNullWhen(true)] string? text) =>
        text is not null
        && DateTime.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        && text.Length == 7;

    public static string Before(string month) =>
        DateTime
            .ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture)
            .AddMonths(-1)
            .ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

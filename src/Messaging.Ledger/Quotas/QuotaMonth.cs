using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Messaging.Ledger.Quotas;

/// <summary>A quota month (yyyy-MM) in the configured time zone: the month a moment falls in, and the one before.</summary>
public static class QuotaMonth
{
    public static string Of(DateTimeOffset moment, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(moment, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="text"/> names a month as yyyy-MM (2026-11).</summary>
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

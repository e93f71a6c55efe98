using System.Globalization;

namespace Messaging.Ledger.Attendance;

// ISO weeks (Monday to Sunday) in a time zone, named like 2026-W48 and stored as their Monday.
public static class IsoWeeks
{
    /// <summary>The Monday, on <paramref name="zone"/>'s calendar.</summary>
    public static DateOnly Of(DateTimeOffset at, TimeZoneInfo zone)
    {
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).Date);
        return date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
    }

    /// <summary>2026-W48.</summary>
    public static string Name(DateOnly monday)
    {
        var day = monday.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}");
    }

    /// <summary>The Monday of the week named (2026-W48), or null when it is not such a name.</summary>
    public static DateOnly? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = name.Split("-W");
        return
            parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && year is >= 1 and <= 9998
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            && week >= 1
            && week <= ISOWeek.GetWeeksInYear(year)
            ? DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday))
            : null;
    }
}

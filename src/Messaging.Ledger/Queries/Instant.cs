using System.Globalization;

namespace Messaging.Ledger.Queries;

// How every adapter reads an instant a person typed (balance --at, ?at=): ISO 8601, UTC unless it carries an offset.
public static class Instant
{
    public const string Expected = "an instant in ISO 8601, such as 2026-06-30T23:59:59Z or 2026-06-30 (UTC unless it has an offset)";

    public static bool TryParse(string? text, out DateTimeOffset utc)
    {
        var parsed = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant);
        utc = instant.ToUniversalTime();
        return parsed;
    }
}

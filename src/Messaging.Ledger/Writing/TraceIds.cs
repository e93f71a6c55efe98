using System.Diagnostics;

namespace Messaging.Ledger.Writing;

/// <summary>The W3C trace id of the work in progress, as the journal stores it.</summary>
public static class TraceIds
{
    /// <summary>The current activity's trace id as 32 lower-case hex digits, or null when nothing is traced.</summary>
    public static string? Current() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity && activity.TraceId != default
            ? activity.TraceId.ToHexString()
            : null;
}

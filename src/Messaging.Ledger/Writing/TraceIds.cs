using System.Diagnostics;

namespace Messaging.Ledger.Writing;

public static class TraceIds
{
    /// <summary>32 lower-case hex digits, or null when nothing is traced.</summary>
    public static string? Current() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity && activity.TraceId != default
            ? activity.TraceId.ToHexString()
            : null;

    /// <summary>
    /// The current span as a W3C traceparent (<c>00-TRACE-SPAN-FLAGS</c>), for a message published later (through the outbox) to continue
    /// this trace; null when nothing is traced.
    /// </summary>
    public static string? CurrentParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity && activity.TraceId != default ? activity.Id : null;
}

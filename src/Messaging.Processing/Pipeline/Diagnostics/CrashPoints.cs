using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Pipeline.Diagnostics;

// Named places where a crash test may kill the processor (FaultInjection settings, off by default).
public sealed partial class CrashPoints(IOptions<FaultInjectionOptions> options, ILogger<CrashPoints> logger)
{
    /// <summary>A group commit's rows all written; its transaction not yet committed.</summary>
    public const string BeforeCommit = "BeforeCommit";

    /// <summary>The ledger transaction committed; nothing acknowledged, nothing published yet.</summary>
    public const string AfterCommit = "AfterCommit";

    /// <summary>Committed and acknowledged; the outbox rows not yet published.</summary>
    public const string BeforeOutboxDelivery = "BeforeOutboxDelivery";

    public void Reached(string point)
    {
        if (string.Equals(options.Value.CrashPoint, point, StringComparison.Ordinal))
        {
            LogCrashing(point);
            Process.GetCurrentProcess().Kill();
        }
    }

    /// <summary>Kills the process whenever it handles this order: a message that brings the processor down every time.</summary>
    public void Handling(string orderId)
    {
        if (string.Equals(options.Value.PoisonOrderId, orderId, StringComparison.Ordinal))
        {
            LogPoison(orderId);
            Process.GetCurrentProcess().Kill();
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Fault injection: order {OrderId} kills the process")]
    private partial void LogPoison(string orderId);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Fault injection: killing the process at {CrashPoint}")]
    private partial void LogCrashing(string crashPoint);
}

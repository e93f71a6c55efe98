using System.Collections.Concurrent;
using MassTransit;
using Messaging.Contracts;
using Microsoft.Extensions.Logging;

namespace Messaging.Processing.Pipeline.Diagnostics;

// A refused message (schema, rule, conflict, authority) is an expected outcome, not a fault of the processor: it is logged once, as one
// warning line with its reason and no stack trace, when it is parked. MassTransit's own fault log (an error with the stack trace) is kept
// for unexpected faults only; the worker's logger drops it for refusals (IsRefusal). At 100,000 refused orders the stack traces alone
// wrote 344 MB of log.
public sealed partial class RefusalLog(ProcessingMetrics metrics, ILogger<RefusalLog> logger)
{
    private readonly ConcurrentDictionary<string, long> _byReason = new(StringComparer.Ordinal);

    /// <summary>True when the exception, or any in its chain, says the message was refused.</summary>
    public static bool IsRefusal(Exception? exception) => Refusal(exception) is not null;

    /// <summary>Since the process started.</summary>
    public IReadOnlyDictionary<string, long> ByReason => _byReason;

    /// <summary>Only refusals are logged here; other faults are MassTransit's to log.</summary>
    public void Parked(ExceptionReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var refusal = Refusal(context.Exception);
        if (refusal is null)
        {
            return;
        }

        _byReason.AddOrUpdate(refusal.ReasonCode, 1, (_, count) => count + 1);
        metrics.Parked(context.InputAddress.Segments[^1], refusal.ReasonCode);
        LogRefused(
            context.InputAddress.Segments[^1],
            context.GetMessageId()?.ToString() ?? "(no message id)",
            refusal.ReasonCode,
            refusal.Message
        );
    }

    private static MessageRejectedException? Refusal(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is MessageRejectedException refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {MessageId} on {Queue} ({ReasonCode}): {Reason}")]
    private partial void LogRefused(string queue, string messageId, string reasonCode, string reason);
}

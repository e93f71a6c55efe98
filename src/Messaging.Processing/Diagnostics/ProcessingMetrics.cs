using System.Diagnostics.Metrics;
using Messaging.Ledger.Writing;

namespace Messaging.Processing.Diagnostics;

/// <summary>
/// What the processor did, as .NET metrics (meter <c>Messaging.Ledger</c>, readable by any OpenTelemetry or
/// dotnet-counters listener; the worker serves them to Prometheus) and as totals for the periodic log summary:
/// every consumed message's outcome by message type (applied, duplicate, refused, conflict), and points credited.
/// </summary>
public sealed class ProcessingMetrics : IDisposable
{
    public const string MeterName = "Messaging.Ledger";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _messages;
    private readonly Counter<long> _points;
    private long _appliedTotal;
    private long _duplicatesTotal;
    private long _pointsTotal;

    public ProcessingMetrics()
    {
        _messages = _meter.CreateCounter<long>("ledger.messages", unit: "{message}",
            description: "Consumed messages by message type and outcome: applied, duplicate (already applied), refused (the rules said no, answered), conflict (dead-lettered)");
        _points = _meter.CreateCounter<long>("ledger.points.credited", unit: "{point}", description: "Points credited to wallets by orders");
    }

    public (long Applied, long Duplicates, long Points) Totals =>
        (Interlocked.Read(ref _appliedTotal), Interlocked.Read(ref _duplicatesTotal), Interlocked.Read(ref _pointsTotal));

    /// <summary>One consumed message's outcome, once its transaction committed.</summary>
    public void Decided(string messageType, LedgerOutcomeKind outcome)
    {
        var name = outcome switch
        {
            LedgerOutcomeKind.Applied => "applied",
            LedgerOutcomeKind.AlreadyApplied => "duplicate",
            LedgerOutcomeKind.Refused => "refused",
            _ => "conflict",
        };
        _messages.Add(1, new KeyValuePair<string, object?>("message_type", messageType), new KeyValuePair<string, object?>("outcome", name));
        if (outcome == LedgerOutcomeKind.Applied)
        {
            Interlocked.Increment(ref _appliedTotal);
        }
        else if (outcome == LedgerOutcomeKind.AlreadyApplied)
        {
            Interlocked.Increment(ref _duplicatesTotal);
        }
    }

    public void Credited(long points)
    {
        _points.Add(points);
        Interlocked.Add(ref _pointsTotal, points);
    }

    public void Dispose() => _meter.Dispose();
}

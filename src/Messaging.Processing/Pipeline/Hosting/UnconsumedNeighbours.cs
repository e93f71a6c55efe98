using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Messaging.Operations.Hosting;

namespace Messaging.Processing.Pipeline.Hosting;

// Queues this processor publishes to but does not consume (an external fulfilment's fulfilment-{kind}): their consumer is another
// system, so its outage is reported (a gauge, a warning a minute), never a reason to restart this process. The broker watchdog fills it,
// so only while the watchdog runs (Endpoints:ReconnectDeadline above 0, as by default).
public sealed class UnconsumedNeighbours : IDisposable
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _since = new(StringComparer.Ordinal);
    private readonly Meter _meter;
    private readonly TimeProvider _clock;

    public UnconsumedNeighbours(IMeterFactory meters, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _clock = clock;
        _meter = meters.Create(LedgerMeter.Name);
        _meter.CreateObservableGauge(
            "ledger.neighbour.without_consumer",
            () =>
                _since.Select(q => new Measurement<double>(
                    (_clock.GetUtcNow() - q.Value).TotalSeconds,
                    new KeyValuePair<string, object?>("queue", q.Key)
                )),
            unit: "s",
            description: "For how long a queue the processor publishes to (an external fulfilment's) has had no consumer."
        );
    }

    public IReadOnlyDictionary<string, DateTimeOffset> WithoutConsumer => _since;

    /// <summary>Records that the queue has no consumer now; returns since when.</summary>
    public DateTimeOffset Unconsumed(string queue) => _since.GetOrAdd(queue, _ => _clock.GetUtcNow());

    public void Consumed(string queue) => _since.TryRemove(queue, out _);

    public void Dispose() => _meter.Dispose();
}

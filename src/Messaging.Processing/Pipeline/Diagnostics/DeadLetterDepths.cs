using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Messaging.Operations.Hosting;
using Messaging.Operations.Queues;
using Microsoft.Extensions.Hosting;

namespace Messaging.Processing.Pipeline.Diagnostics;

// Counted every 15 s with a passive declare, for the dead-letter queues of the queues this processor consumes. A queue the broker cannot
// be asked about keeps its last count; one that does not exist yet reads 0.
public sealed class DeadLetterDepths : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly QueueProtection _queues;
    private readonly Meter _meter;
    private readonly ConcurrentDictionary<string, long> _depths = new(StringComparer.Ordinal);

    public DeadLetterDepths(QueueProtection queues, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _queues = queues;
        _meter = meters.Create(LedgerMeter.Name);
        _meter.CreateObservableGauge(
            "ledger.deadletters.depth",
            () => _depths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("queue", d.Key))),
            unit: "{message}",
            description: "Messages waiting in a dead-letter queue for an operator (dlq list)."
        );
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The consumed queues are known once the bus has inspected them at start-up.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var next = TimeSpan.Zero;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (clock.Elapsed < next || _queues.ConsumedQueues.Count == 0)
            {
                continue;
            }

            next = clock.Elapsed + Interval;
            foreach (
                var parked in _queues.ConsumedQueues.SelectMany(q =>
                    new[] { q + QueueArguments.ErrorSuffix, q + QueueArguments.SkippedSuffix }
                )
            )
            {
                if (await _queues.CountsAsync(parked, stoppingToken) is { } counts)
                {
                    _depths[parked] = counts.Ready;
                }
                else
                {
                    _depths.TryAdd(parked, 0);
                }
            }
        }
    }
}

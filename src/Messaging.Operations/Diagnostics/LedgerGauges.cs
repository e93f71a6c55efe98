using System.Diagnostics.Metrics;
using Messaging.Ledger.Outbox;
using Messaging.Ledger.Tenants;
using Messaging.Operations.Hosting;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Messaging.Operations.Diagnostics;

// Observed when scraped: the reconciliation count comes from ReconciliationMonitor (a full scan, too dear per scrape), the others from
// one cheap query per scrape.
public sealed class LedgerGauges : IHostedService, IDisposable
{
    private readonly Meter _meter;
    private readonly NpgsqlDataSource _dataSource;

    // One query serves the three gauges of a scrape: they are observed one after another within milliseconds.
    private PipelineFigures _figures = new(new Backlog(0, TimeSpan.Zero), 0);
    private long _figuresAt;

    public LedgerGauges(IMeterFactory meters, ReconciliationMonitor reconciliation, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _dataSource = dataSource;
        _meter = meters.Create(LedgerMeter.Name);
        _meter.CreateObservableGauge<long>(
            "ledger.reconciliation.breaches",
            () =>
                reconciliation.Latest is { } r
                    ? (IEnumerable<Measurement<long>>)
                        [
                            new Measurement<long>(
                                r.MismatchedBalances,
                                new KeyValuePair<string, object?>("check", "balance_differs_from_postings")
                            ),
                            new Measurement<long>(
                                r.UnbalancedEntries,
                                new KeyValuePair<string, object?>("check", "entry_does_not_balance")
                            ),
                            new Measurement<long>(
                                r.ForbiddenNegatives,
                                new KeyValuePair<string, object?>("check", "forbidden_negative_balance")
                            ),
                        ]
                    : [],
            unit: "{breach}",
            description: "Ledger invariant breaches found by the latest reconciliation; must read 0."
        );
        _meter.CreateObservableGauge(
            "ledger.outbox.pending",
            () => QueueFigures().Outcomes.Pending,
            unit: "{message}",
            description: "Outcome messages committed but not yet published."
        );
        _meter.CreateObservableGauge(
            "ledger.outbox.oldest_age",
            () => QueueFigures().Outcomes.Oldest.TotalSeconds,
            unit: "s",
            description: "Age of the oldest unpublished outcome message."
        );
        _meter.CreateObservableGauge(
            "ledger.inbox.size",
            () => QueueFigures().InboxSize,
            unit: "{message}",
            description: "Consumed message ids kept for deduplication."
        );
        _meter.CreateObservableGauge(
            "ledger.tenant.pool.balance",
            PoolBalances,
            unit: "{point}",
            description: "Points in each tenant's pool, by tenant: allocations in, recognitions and clawbacks out; never below zero."
        );
    }

    // A hosted service only so the host creates it, and its gauges, when it starts.
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> PoolBalances()
    {
        try
        {
            return TenantPools
                .ReadBalances(_dataSource)
                .Select(p => new Measurement<long>(p.Balance, new KeyValuePair<string, object?>("tenant", p.TenantId)))
                .ToList();
        }
        catch (NpgsqlException)
        {
            // No figure rather than a failed scrape; readiness reports the outage.
            return [];
        }
    }

    private PipelineFigures QueueFigures()
    {
        if (System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref _figuresAt)) < TimeSpan.FromSeconds(1))
        {
            return _figures;
        }

        try
        {
            _figures = OutboxBacklog.ReadPipelineFigures(_dataSource);
            Interlocked.Exchange(ref _figuresAt, System.Diagnostics.Stopwatch.GetTimestamp());
        }
        catch (NpgsqlException)
        {
            // Keep the last figures rather than fail the whole scrape; readiness reports the outage.
        }

        return _figures;
    }
}

using System.Diagnostics.Metrics;

namespace Messaging.Processing.Diagnostics;

/// <summary>
/// What the processor did, as .NET metrics (meter <c>Messaging.Ledger</c>, readable by any
/// OpenTelemetry or dotnet-counters listener) and as totals for the periodic log summary.
/// </summary>
public sealed class ProcessingMetrics : IDisposable
{
    public const string MeterName = "Messaging.Ledger";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _applied;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _points;
    private long _appliedTotal;
    private long _duplicatesTotal;
    private long _pointsTotal;

    public ProcessingMetrics()
    {
        _applied = _meter.CreateCounter<long>("ledger.messages.applied", description: "Messages whose ledger change was committed");
        _duplicates = _meter.CreateCounter<long>("ledger.messages.duplicates", description: "Messages recognised as already applied");
        _points = _meter.CreateCounter<long>("ledger.points.credited", description: "Points credited to wallets");
    }

    public (long Applied, long Duplicates, long Points) Totals =>
        (Interlocked.Read(ref _appliedTotal), Interlocked.Read(ref _duplicatesTotal), Interlocked.Read(ref _pointsTotal));

    public void Applied(long points)
    {
        _applied.Add(1);
        _points.Add(points);
        Interlocked.Increment(ref _appliedTotal);
        Interlocked.Add(ref _pointsTotal, points);
    }

    public void Duplicate()
    {
        _duplicates.Add(1);
        Interlocked.Increment(ref _duplicatesTotal);
    }

    public void Dispose() => _meter.Dispose();
}

using System.Diagnostics.Metrics;
using Messaging.Ledger.Writing;
using Messaging.Operations.Hosting;

namespace Messaging.Processing.Pipeline.Diagnostics;

// Every consumed message's outcome by message type, and points credited: as metrics on the ledger meter, and as totals for the periodic
// log summary.
public sealed class ProcessingMetrics : IDisposable
{
    private readonly Meter _meter = new(LedgerMeter.Name);
    private readonly Counter<long> _messages;
    private readonly Counter<long> _points;
    private readonly Counter<long> _parked;
    private readonly Counter<long> _refusals;
    private long _quotaSweptAt;
    private long _appliedTotal;
    private long _duplicatesTotal;
    private long _pointsTotal;

    public ProcessingMetrics()
    {
        _messages = _meter.CreateCounter<long>(
            "ledger.messages",
            unit: "{message}",
            description: "Consumed messages by message type and outcome: applied, duplicate (already applied), "
                + "refused (the rules said no, answered), conflict and rejected (an issuer's daily cap; both "
                + "dead-lettered)"
        );
        _points = _meter.CreateCounter<long>(
            "ledger.points.credited",
            unit: "{point}",
            description: "Points credited to wallets by orders"
        );
        _parked = _meter.CreateCounter<long>(
            "ledger.messages.parked",
            unit: "{message}",
            description: "Refused messages moved to an error queue, by queue and reason (issuance_cap: an issuer "
                + "reached its daily cap; an alert)"
        );
        _refusals = _meter.CreateCounter<long>(
            "ledger.refusals",
            unit: "{message}",
            description: "Requests the rules refused and answered with a reason, by message type and reason code "
                + "(insufficient_points, giving_limit, quota_exceeded, earning_cap, …)"
        );
        _meter.CreateObservableGauge(
            "ledger.quota.sweep.last_success",
            () => Interlocked.Read(ref _quotaSweptAt) is > 0 and var at ? [new Measurement<long>(at)] : Array.Empty<Measurement<long>>(),
            unit: "s",
            description: "When this processor's quota rollover sweep last completed, in Unix seconds (none before the first)"
        );
    }

    /// <summary>A request the rules refused, answered with its reason code.</summary>
    public void Refused(string messageType, string reasonCode) =>
        _refusals.Add(
            1,
            new KeyValuePair<string, object?>("message_type", messageType),
            new KeyValuePair<string, object?>("reason", reasonCode)
        );

    /// <summary>The quota rollover sweep completed.</summary>
    public void QuotaSwept(DateTimeOffset at) => Interlocked.Exchange(ref _quotaSweptAt, at.ToUnixTimeSeconds());

    public (long Applied, long Duplicates, long Points) Totals =>
        (Interlocked.Read(ref _appliedTotal), Interlocked.Read(ref _duplicatesTotal), Interlocked.Read(ref _pointsTotal));

    /// <summary>Call once the message's transaction committed.</summary>
    public void Decided(string messageType, LedgerOutcomeKind outcome)
    {
        var name = outcome switch
        {
            LedgerOutcomeKind.Applied => "applied",
            LedgerOutcomeKind.AlreadyApplied => "duplicate",
            LedgerOutcomeKind.Refused => "refused",
            LedgerOutcomeKind.Rejected => "rejected",
            _ => "conflict",
        };
        _messages.Add(
            1,
            new KeyValuePair<string, object?>("message_type", messageType),
            new KeyValuePair<string, object?>("outcome", name)
        );
        if (outcome == LedgerOutcomeKind.Applied)
        {
            Interlocked.Increment(ref _appliedTotal);
        }
        else if (outcome == LedgerOutcomeKind.AlreadyApplied)
        {
            Interlocked.Increment(ref _duplicatesTotal);
        }
    }

    public void Parked(string queue, string reasonCode) =>
        _parked.Add(1, new KeyValuePair<string, object?>("queue", queue), new KeyValuePair<string, object?>("reason", reasonCode));

    public void Credited(long points)
    {
        _points.Add(points);
        Interlocked.Add(ref _pointsTotal, points);
    }

    public void Dispose() => _meter.Dispose();
}

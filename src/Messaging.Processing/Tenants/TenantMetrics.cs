using System.Diagnostics.Metrics;
using Messaging.Operations.Hosting;

namespace Messaging.Processing.Tenants;

// Seed 002's allocation metrics, by tenant: how many allocations and clawbacks were applied and how many points they moved, counted
// once each, when their transaction committed (a repeat acknowledged without effect counts nothing). The pools' balances are a gauge
// read from the ledger (LedgerGauges).
public sealed class TenantMetrics : IDisposable
{
    private readonly Meter _meter = new(LedgerMeter.Name);
    private readonly Counter<long> _allocations;
    private readonly Counter<long> _allocated;
    private readonly Counter<long> _clawbacks;
    private readonly Counter<long> _clawedBack;

    public TenantMetrics()
    {
        _allocations = _meter.CreateCounter<long>(
            "ledger.tenant.allocations",
            unit: "{allocation}",
            description: "Allocations minted into a tenant's pool, by tenant"
        );
        _allocated = _meter.CreateCounter<long>(
            "ledger.tenant.allocated",
            unit: "{point}",
            description: "Points minted into a tenant's pool by allocations, by tenant"
        );
        _clawbacks = _meter.CreateCounter<long>(
            "ledger.tenant.clawbacks",
            unit: "{clawback}",
            description: "Clawbacks applied to a tenant's pool, by tenant"
        );
        _clawedBack = _meter.CreateCounter<long>(
            "ledger.tenant.clawed_back",
            unit: "{point}",
            description: "Points clawed back from a tenant's pool, by tenant"
        );
    }

    public void Allocated(string tenantId, long points)
    {
        var tenant = new KeyValuePair<string, object?>("tenant", tenantId);
        _allocations.Add(1, tenant);
        _allocated.Add(points, tenant);
    }

    public void ClawedBack(string tenantId, long points)
    {
        var tenant = new KeyValuePair<string, object?>("tenant", tenantId);
        _clawbacks.Add(1, tenant);
        _clawedBack.Add(points, tenant);
    }

    public void Dispose() => _meter.Dispose();
}

using Messaging.Api.Incidents;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Messaging.Api.Health;

// Degraded, not Unhealthy: a paused type's messages wait in their queue on purpose.
public sealed class PausesHealthCheck(EndpointPausesReader reader) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var paused = await reader.Pauses.ListAsync(cancellationToken);
        return paused.Count == 0
            ? HealthCheckResult.Healthy("nothing is paused")
            : HealthCheckResult.Degraded(
                "paused: "
                    + string.Join("; ", paused.Select(p => $"{p.MessageType} by {p.PausedBy} since {p.PausedAt:u} ({p.Reason})"))
                    + "; its messages wait in their queue until resumed (DELETE /api/v1/pauses/{messageType}, or `ledger resume TYPE`)",
                data: paused.ToDictionary(p => p.MessageType, p => (object)p.Queue)
            );
    }
}

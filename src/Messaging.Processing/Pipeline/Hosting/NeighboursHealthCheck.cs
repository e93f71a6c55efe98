using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Messaging.Processing.Pipeline.Hosting;

// Degraded, not Unhealthy, while an external fulfilment's queue has no consumer: this processor is fine, but redemptions of that kind
// wait for their fulfilment until their deadline.
internal sealed class NeighboursHealthCheck(UnconsumedNeighbours neighbours, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var unconsumed = neighbours.WithoutConsumer.OrderBy(q => q.Key, StringComparer.Ordinal).ToList();
        if (unconsumed.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("every fulfilment queue this processor publishes to has a consumer"));
        }

        var described = unconsumed.Select(q =>
            string.Create(
                CultureInfo.InvariantCulture,
                $"{q.Key} has had no consumer since {q.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({(now - q.Value).TotalSeconds:0} s)"
            )
        );
        return Task.FromResult(
            HealthCheckResult.Degraded(
                string.Join("; ", described)
                    + ": the fulfilment system that consumes it is down or disconnected; redemptions of that "
                    + "kind wait for it until their deadline",
                data: unconsumed.ToDictionary(q => q.Key, q => (object)q.Value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))
            )
        );
    }
}

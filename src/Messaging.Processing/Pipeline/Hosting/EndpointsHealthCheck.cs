using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Messaging.Processing.Pipeline.Hosting;

// Degraded when the only endpoints not consuming were paused by an operator (their messages wait, on purpose), Unhealthy otherwise: the
// same judgement BrokerWatchdog acts on.
internal sealed class EndpointsHealthCheck(IBusControl bus, EndpointPauseController pauses) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = bus.CheckHealth();
        if (health.Status == BusHealthStatus.Healthy)
        {
            return Task.FromResult(HealthCheckResult.Healthy("every receive endpoint is consuming"));
        }

        var down = health
            .Endpoints.Where(e => e.Value.Status != BusHealthStatus.Healthy)
            .Select(e => EndpointPauseController.QueueOf(e.Value.InputAddress))
            .ToList();
        var paused = down.Where(pauses.IsPaused).ToList();
        if (health.Endpoints.Count > 0 && paused.Count == down.Count)
        {
            return Task.FromResult(
                HealthCheckResult.Degraded(
                    $"paused by an operator: {string.Join(", ", paused)}; their messages wait in their queues "
                        + "until resumed (`ledger resume TYPE`)"
                )
            );
        }

        return Task.FromResult(
            HealthCheckResult.Unhealthy(
                $"receive endpoints not consuming: {string.Join(", ", down.Except(paused))} "
                    + $"({health.Description}); is the broker reachable as RabbitMq:Username?"
            )
        );
    }
}

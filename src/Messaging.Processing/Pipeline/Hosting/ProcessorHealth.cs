using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Processing.Pipeline.Hosting;

// The database as the processor's own login, its receive endpoints (operator pauses Degraded), and the neighbours' queues it publishes
// to (one without a consumer Degraded). The worker serves them on loopback (Health:Port).
public static class ProcessorHealth
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddProcessorHealthChecks(this IServiceCollection services)
    {
        services
            .AddHealthChecks()
            .AddNpgSql(name: "postgresql", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(10))
            .AddCheck<EndpointsHealthCheck>("endpoints", tags: [ReadyTag])
            .AddCheck<NeighboursHealthCheck>("neighbours", tags: [ReadyTag]);
        return services;
    }
}

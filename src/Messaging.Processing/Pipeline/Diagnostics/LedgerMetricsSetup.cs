using Messaging.Operations.Diagnostics;
using Messaging.Operations.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Messaging.Processing.Pipeline.Diagnostics;

public static class LedgerMetricsSetup
{
    /// <summary>
    /// Serves the processing counters, the ledger's gauges, dead-letter depths and the runtime's metrics on
    /// http://127.0.0.1:{Metrics:Port}/metrics; 0 (the default) serves none.
    /// </summary>
    public static IServiceCollection AddWorkerMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var port = configuration.GetValue<int?>("Metrics:Port") ?? 0;
        if (port is < 0 or > 65535)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(
                "Metrics:Port",
                typeof(int),
                [$"Metrics:Port is {port}; use a free TCP port, or 0 to serve no metrics."]
            );
        }

        if (port == 0)
        {
            return services;
        }

        services.AddLedgerGauges(configuration);
        services.AddHostedService<DeadLetterDepths>();
        services
            .AddOpenTelemetry()
            .WithMetrics(metrics =>
                metrics
                    .AddMeter(LedgerMeter.Name)
                    .AddRuntimeInstrumentation()
                    .AddPrometheusHttpListener(listener =>
                    {
                        listener.Host = "127.0.0.1";
                        listener.Port = port;
                    })
            );
        return services;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Messaging.Processing.Pipeline.Diagnostics;

// Always recorded, so every journal entry gets its message's trace id (a producer's traceparent continues its trace); exported over OTLP
// only when OpenTelemetry:OtlpEndpoint is set (for example http://127.0.0.1:4317).
public static class LedgerTracing
{
    /// <summary>The activity source MassTransit 8 reports its receive, consume and send activities on.</summary>
    public const string MassTransitSource = "MassTransit";

    /// <summary>The activity source of the outbox's publications: one span per message, a child of the span that caused it.</summary>
    public const string OutboxSource = "Messaging.Outbox";

    internal static readonly System.Diagnostics.ActivitySource Outbox = new(OutboxSource);

    public static IServiceCollection AddLedgerTracing(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var endpoint = configuration["OpenTelemetry:OtlpEndpoint"];
        services
            .AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(MassTransitSource, OutboxSource).AddNpgsql();
                if (!string.IsNullOrWhiteSpace(endpoint))
                {
                    tracing.AddOtlpExporter(otlp => otlp.Endpoint = new Uri(endpoint));
                }
            });
        return services;
    }
}

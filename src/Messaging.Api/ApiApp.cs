using Messaging.Api.Adjustments;
using Messaging.Api.Auditing;
using Messaging.Api.Commands;
using Messaging.Api.DeadLetters;
using Messaging.Api.Entries;
using Messaging.Api.Health;
using Messaging.Api.Incidents;
using Messaging.Api.Leaderboards;
using Messaging.Api.Limits;
using Messaging.Api.Operations;
using Messaging.Api.Ops;
using Messaging.Api.Reports;
using Messaging.Api.Security;
using Messaging.Api.Tenants;
using Messaging.Api.Users;
using Messaging.Ledger;
using Messaging.Ledger.Attendance;
using Messaging.Ledger.Auditing;
using Messaging.Ledger.Operations;
using Messaging.Ledger.Queries;
using Messaging.Ledger.Quotas;
using Messaging.Ledger.Tenants;
using Messaging.Operations.Diagnostics;
using Messaging.Operations.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Formatting.Compact;

namespace Messaging.Api;

// Thin adapters over the ledger's own queries and the operations library. Reads log in as the read-only role; commands are queued as
// the operator's and published through the API's outbox.
public static class ApiApp
{
    /// <summary>api/ beside the binaries: the appsettings.json beside them is the processor's.</summary>
    public static string SettingsDirectory => Path.Combine(AppContext.BaseDirectory, "api");

    /// <summary><paramref name="configure"/> lets tests add settings after the file and the environment.</summary>
    public static WebApplication Build(string[] args, Action<ConfigurationManager>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = SettingsDirectory });
        configure?.Invoke(builder.Configuration);
        if (
            builder.Environment.IsProduction()
            && DefaultPasswords.UsedBy(
                builder.Configuration,
                ["LedgerReader", "LedgerApi"],
                ["Api:Broker:Password", "Api:DeadLetters:Password"]
            )
                is { Count: > 0 } defaults
        )
        {
            throw new OptionsValidationException("ConnectionStrings", typeof(string), [DefaultPasswords.Refusal(defaults)]);
        }

        builder.WebHost.UseUrls(builder.Configuration["Api:Urls"] ?? "http://127.0.0.1:5080");
        builder.Services.AddSerilog(
            (services, logger) =>
            {
                logger.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext();
                if (builder.Configuration.GetValue<bool>("Api:JsonConsole"))
                {
                    logger.WriteTo.Console(new CompactJsonFormatter());
                }
                else
                {
                    logger.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        );

        var services = builder.Services;
        services
            .AddOptions<JwtOptions>()
            .Bind(builder.Configuration.GetSection(JwtOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<RateLimitOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<WorkerHeartbeatOptions>()
            .Bind(builder.Configuration.GetSection(WorkerHeartbeatOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<OutboxLagOptions>()
            .Bind(builder.Configuration.GetSection(OutboxLagOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<BrokerOptions>().Bind(builder.Configuration.GetSection(BrokerOptions.Section));
        services
            .AddOptions<DeadLetterOptions>()
            .Bind(builder.Configuration.GetSection(DeadLetterOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<AttendanceOptions>()
            .Bind(builder.Configuration.GetSection(AttendanceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<QuotaOptions>()
            .Bind(builder.Configuration.GetSection(QuotaOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<Messaging.Ledger.Adjustments.AdjustmentOptions>()
            .Bind(builder.Configuration.GetSection(Messaging.Ledger.Adjustments.AdjustmentOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var reader = builder.Configuration.GetConnectionString("LedgerReader")
            ?? throw new OptionsValidationException(
                "ConnectionStrings:LedgerReader",
                typeof(string),
                [
                    "ConnectionStrings:LedgerReader is not set: the API reads as the ledger's read-only role "
                        + "(`bash eng/servers.sh env` prints its connection string).",
                ]
            );
        services.AddSingleton(_ => LedgerServiceCollectionExtensions.CreateDataSource(reader));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LedgerQueries>();
        services.AddSingleton<Messaging.Ledger.Expiry.LotQueries>();
        services.AddSingleton<AttendanceQueries>();
        services.AddSingleton<QuotaQueries>();
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<TenantReports>();
        services.AddSingleton<LedgerAuditor>();
        services.AddSingleton<OperatorActionQueries>();
        services.AddLedgerGauges(builder.Configuration);
        services.AddSingleton<OperatorDatabase>();
        services.AddSingleton<CommandDispatcher>();
        services.AddSingleton<DeadLetterDesk>();
        services.AddSingleton<BrokerConnection>();
        services.AddSingleton<EndpointPausesReader>();
        services.AddHostedService(sp => sp.GetRequiredService<CommandDispatcher>());
        services.AddSingleton<DeadLetterRetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadLetterRetentionService>());

        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddApiAuthentication();
        services.AddApiRateLimits();
        services
            .AddHealthChecks()
            .AddNpgSql(reader, name: "postgresql", tags: ["ready"])
            .AddRabbitMQ(
                sp => sp.GetRequiredService<BrokerConnection>().OpenAsync(),
                name: "rabbitmq",
                tags: ["ready"],
                timeout: TimeSpan.FromSeconds(10)
            )
            .AddTypeActivatedCheck<LagHealthCheck>("outbox", HealthStatus.Unhealthy, ["ready"], LagHealthCheck.Outcomes)
            .AddTypeActivatedCheck<LagHealthCheck>("commands", HealthStatus.Unhealthy, ["ready"], LagHealthCheck.Commands)
            .AddCheck<PausesHealthCheck>("pauses", HealthStatus.Unhealthy, ["ready"])
            .AddCheck<WorkerHeartbeatHealthCheck>("processor", HealthStatus.Unhealthy, ["ready"]);
        var otlp = builder.Configuration["OpenTelemetry:OtlpEndpoint"];
        services
            .AddOpenTelemetry()
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation().AddNpgsql();
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    tracing.AddOtlpExporter(exporter => exporter.Endpoint = new Uri(otlp));
                }
            })
            .WithMetrics(metrics =>
                metrics.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter(LedgerMeter.Name).AddPrometheusExporter()
            );

        var app = builder.Build();
        app.UseSerilogRequestLogging();
        app.MapOperatorConsole();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponses.WriteAsync });
        app.MapHealthChecks(
            "/health/ready",
            new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponses.WriteAsync }
        );
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapUserEndpoints();
        app.MapEntryEndpoints();
        app.MapReversalEndpoints();
        app.MapAdjustmentEndpoints();
        app.MapReportEndpoints();
        app.MapLeaderboardEndpoints();
        app.MapTenantEndpoints();
        app.MapAuditEndpoints();
        app.MapOperatorActionEndpoints();
        app.MapTenantCommandEndpoints();
        app.MapDeadLetterEndpoints();
        app.MapDeadLetterArchiveEndpoints();
        app.MapPauseEndpoints();
        return app;
    }
}

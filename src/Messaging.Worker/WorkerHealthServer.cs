using System.Text.Json;
using Messaging.Operations.Hosting;
using Messaging.Processing.Pipeline.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messaging.Worker;

// Serves the processor's health on 127.0.0.1:{Health:Port} when the port is set (0, the default, serves none): /health/live while the
// process runs, /health/ready with ProcessorHealth's checks (503 only when Unhealthy). Loopback only, so the details (queue names, pauses)
// reach no one off the machine; a small web host of its own, so the worker stays a plain generic host that opens no port unless asked.
internal sealed partial class WorkerHealthServer(
    HealthCheckService health,
    IConfiguration configuration,
    ILogger<WorkerHealthServer> logger
) : IHostedService, IAsyncDisposable
{
    public const string PortSetting = "Health:Port";

    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var port = configuration.GetValue<int?>(PortSetting) ?? 0;
        if (port == 0)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
        _app = builder.Build();
        _app.MapGet("/health/live", () => Results.Json(new { status = nameof(HealthStatus.Healthy) }));
        _app.MapGet("/health/ready", async (HttpContext http) =>
        {
            var report = await health.CheckHealthAsync(c => c.Tags.Contains(ProcessorHealth.ReadyTag), http.RequestAborted);
            http.Response.StatusCode =
                report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            await http.Response.WriteAsJsonAsync(HealthReportJson.Details(report), JsonSerializerOptions.Web, http.RequestAborted);
        });
        await _app.StartAsync(cancellationToken);
        LogServing(port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving health on http://127.0.0.1:{Port}/health/live and /health/ready")]
    private partial void LogServing(int port);
}

using Messaging.Processing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messaging.Testing;

/// <summary>The real processor (same registration as the worker) hosted inside the test process.</summary>
public sealed class InProcessProcessor : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessProcessor(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// <param name="servers">The run's servers.</param>
    /// <param name="overrides">Settings beside the run's (Section:Key).</param>
    /// <param name="clock">The processor's time, for tests that cross a month (null: the system's).</param>
    public static async Task<InProcessProcessor> StartAsync(
        ServersFixture servers,
        IReadOnlyDictionary<string, string?>? overrides = null,
        TimeProvider? clock = null
    )
    {
        var builder = Host.CreateApplicationBuilder();
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.Configuration.AddInMemoryCollection(ProcessorSettings.For(servers, overrides));
        builder.Logging.ClearProviders();
        // LEDGER_TEST_LOG_LEVEL (e.g. Debug) shows what the processor and MassTransit do, when a test needs explaining.
        var level = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("LEDGER_TEST_LOG_LEVEL"), out var wanted)
            ? wanted
            : LogLevel.Warning;
        builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").SetMinimumLevel(level);
        builder.Services.AddLedgerProcessing(builder.Configuration);
        var host = builder.Build();
        // The processor sets no MassTransit start timeout (its watchdog ends a start that hangs, and is off in the test process):
        // a start that cannot finish fails the test after 90 s instead of holding the run.
        using var starting = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await host.StartAsync(starting.Token);
        return new InProcessProcessor(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(15));
        _host.Dispose();
    }
}

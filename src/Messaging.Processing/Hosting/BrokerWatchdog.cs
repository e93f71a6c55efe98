using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Hosting;

/// <summary>
/// Ends the process when its receive endpoints have not all been connected for <see cref="EndpointOptions.ReconnectDeadline"/>,
/// so the service manager (docker-compose's restart policy, systemd, eng/run.sh's loop) starts a fresh one.
/// Why: across repeated broker restarts under load, MassTransit 8.5.12's receive endpoints were seen to stop
/// reconnecting for good (no attempt logged, no consumer, the broker up; docs/reliability.md), and nothing inside the
/// process brings them back. A fresh process connects at once, and exiting is safe at any moment: what committed is
/// recorded in the inbox, and what did not is redelivered.
/// </summary>
internal sealed partial class BrokerWatchdog(IBusControl bus, IOptions<EndpointOptions> options, ILogger<BrokerWatchdog> logger) : BackgroundService
{
    /// <summary>The exit code of a process that gave up waiting for its endpoints (EX_TEMPFAIL: try again).</summary>
    public const int ExitCode = 75;

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var deadline = options.Value.ReconnectDeadline;
        if (deadline <= TimeSpan.Zero)
        {
            return;
        }

        var hasBeenHealthy = false;
        DateTime? unhealthySince = null;
        using var timer = new PeriodicTimer(CheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var health = bus.CheckHealth();
            if (health.Status == BusHealthStatus.Healthy)
            {
                hasBeenHealthy = true;
                unhealthySince = null;
                continue;
            }

            // Start-up has its own limits (the queue checks wait a minute for the broker); watch only once it consumed.
            if (!hasBeenHealthy)
            {
                continue;
            }

            unhealthySince ??= DateTime.UtcNow;
            if (DateTime.UtcNow - unhealthySince.Value >= deadline)
            {
                LogGivingUp(deadline.TotalSeconds, health.Description, ExitCode);
                // Not a graceful stop: stopping waits for the same endpoints that no longer answer.
                Environment.Exit(ExitCode);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "The receive endpoints have not all been connected for {Seconds:F0} s ({Description}); exiting with code {ExitCode} so that a fresh processor starts " +
                  "(nothing is lost: committed work is in the inbox, the rest is redelivered). Set Endpoints:ReconnectDeadline to change the wait, 0 to never exit.")]
    private partial void LogGivingUp(double seconds, string description, int exitCode);
}

using MassTransit;
using Messaging.Operations.Endpoints;
using Messaging.Operations.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Pipeline.Hosting;

/// <summary>
/// Ends the process when, for <see cref="EndpointOptions.ReconnectDeadline"/>, its receive endpoints have not all been
/// connected, or a consumed queue has had no consumer, or messages have waited on a consumed queue while this process
/// finished none; so the service manager (docker-compose's restart policy, systemd, eng/run.sh's loop) starts a fresh one.
/// Why: across repeated broker restarts under load, MassTransit 8.5.12's receive endpoints were seen to stop
/// reconnecting for good (no attempt logged, no consumer, the broker up; docs/reliability.md), and nothing inside the
/// process brings them back. A fresh process connects at once, and exiting is safe at any moment: what committed is
/// recorded in the inbox, and what did not is redelivered. A queue operators paused is left out: its endpoint is
/// stopped on purpose (<see cref="EndpointPauseController"/>). A queue this process only publishes to (an external
/// fulfilment's) is another system's to consume: when it has no consumer, that is reported (<see cref="UnconsumedNeighbours"/>),
/// since restarting this process would not bring its consumer back.
/// </summary>
internal sealed partial class BrokerWatchdog(
    IBusControl bus,
    QueueProtection queues,
    ReceiveProgress progress,
    EndpointPauseController pauses,
    UnconsumedNeighbours neighbours,
    IOptions<EndpointOptions> options,
    ILogger<BrokerWatchdog> logger
) : BackgroundService
{
    /// <summary>The exit code of a process that gave up waiting for its endpoints (EX_TEMPFAIL: try again).</summary>
    public const int ExitCode = 75;

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>How often the broker is asked whether the consumed queues have consumers (a passive declare each).</summary>
    private static readonly TimeSpan ConsumerCheckInterval = TimeSpan.FromSeconds(10);

    /// <summary>How often a neighbour's queue without a consumer is logged again.</summary>
    private static readonly TimeSpan NeighbourWarningInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, DateTime> _neighbourWarnedAt = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var deadline = options.Value.ReconnectDeadline;
        if (deadline <= TimeSpan.Zero)
        {
            return;
        }

        var hasBeenHealthy = false;
        DateTime? unhealthySince = null;
        var lastConsumerCheck = DateTime.UtcNow;
        var stall = new StallTracker();
        using var timer = new PeriodicTimer(CheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var health = bus.CheckHealth();
            if (Healthy(health))
            {
                hasBeenHealthy = true;
                unhealthySince = null;
                if (DateTime.UtcNow - lastConsumerCheck >= ConsumerCheckInterval)
                {
                    lastConsumerCheck = DateTime.UtcNow;
                    await CheckQueuesAsync(stall, deadline, stoppingToken);
                }

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

    /// <summary>Every endpoint connected, but for those operators paused (stopped on purpose).</summary>
    private bool Healthy(BusHealthResult health) =>
        health.Status == BusHealthStatus.Healthy
        || (
            health.Endpoints.Count > 0
            && health.Endpoints.Values.All(e =>
                e.Status == BusHealthStatus.Healthy || pauses.IsPaused(EndpointPauseController.QueueOf(e.InputAddress))
            )
        );

    /// <summary>
    /// A bus that reports healthy can still consume nothing: after repeated broker restarts, orders were seen waiting for
    /// minutes while MassTransit called every endpoint connected (docs/reliability.md). The broker's own figures cannot
    /// be fooled: a consumed queue with no consumer, or messages ready on a queue while this process finishes none.
    /// </summary>
    private async Task CheckQueuesAsync(StallTracker stall, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var handled = progress.Handled;
        var waiting = new List<string>();
        foreach (var queue in queues.ConsumedQueues)
        {
            if (!LedgerEndpoints.ByQueue.ContainsKey(queue))
            {
                await CheckNeighbourAsync(queue, cancellationToken);
                continue;
            }

            if (pauses.IsPaused(queue))
            {
                // No consumer on purpose; once resumed, its clock starts afresh.
                stall.Consumed(queue);
                continue;
            }

            // Null: the broker cannot be asked now; the bus health check covers a broker that is away.
            if (await queues.CountsAsync(queue, cancellationToken) is not { } counts)
            {
                continue;
            }

            if (counts.Consumers == 0 && stall.WithoutConsumerFor(queue) >= deadline)
            {
                LogNoConsumer(queue, deadline.TotalSeconds, ExitCode);
                Environment.Exit(ExitCode);
            }

            if (counts.Consumers > 0)
            {
                stall.Consumed(queue);
            }

            if (counts.Ready > 0)
            {
                waiting.Add($"{queue} ({counts.Ready})");
            }
        }

        if (stall.IdleWhileWaitingFor(handled, waiting.Count > 0) >= deadline)
        {
            LogNoProgress(string.Join(", ", waiting), deadline.TotalSeconds, ExitCode);
            Environment.Exit(ExitCode);
        }
    }

    private async Task CheckNeighbourAsync(string queue, CancellationToken cancellationToken)
    {
        if (await queues.CountsAsync(queue, cancellationToken) is not { } counts)
        {
            return;
        }

        if (counts.Consumers > 0)
        {
            neighbours.Consumed(queue);
            _neighbourWarnedAt.Remove(queue);
            return;
        }

        var since = neighbours.Unconsumed(queue);
        if (!_neighbourWarnedAt.TryGetValue(queue, out var warned) || DateTime.UtcNow - warned >= NeighbourWarningInterval)
        {
            _neighbourWarnedAt[queue] = DateTime.UtcNow;
            LogNeighbourWithoutConsumer(queue, since, counts.Ready);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Queue {Queue} has had no consumer since {Since:u} ({Ready} message(s) waiting): the "
            + "system that consumes it (an external fulfilment) "
            + "is down or disconnected. This processor keeps running; redemptions of that kind wait for it until their deadline."
    )]
    private partial void LogNeighbourWithoutConsumer(string queue, DateTimeOffset since, uint ready);

    [LoggerMessage(
        Level = LogLevel.Critical,
        Message = "Messages are ready on {Queues} but this processor has finished none for {Seconds:F0} s "
            + "although the bus reports healthy; exiting with code "
            + "{ExitCode} so that a fresh processor starts and takes them (nothing is lost). Set "
            + "Endpoints:ReconnectDeadline to change the wait, 0 to never exit."
    )]
    private partial void LogNoProgress(string queues, double seconds, int exitCode);

    [LoggerMessage(
        Level = LogLevel.Critical,
        Message = "Queue {Queue} has had no consumer for {Seconds:F0} s although the bus reports healthy; "
            + "exiting with code {ExitCode} so that a fresh "
            + "processor starts and consumes it (nothing is lost). Set Endpoints:ReconnectDeadline to change the wait, 0 to never exit."
    )]
    private partial void LogNoConsumer(string queue, double seconds, int exitCode);

    [LoggerMessage(
        Level = LogLevel.Critical,
        Message = "The receive endpoints have not all been connected for {Seconds:F0} s ({Description}); "
            + "exiting with code {ExitCode} so that a fresh processor starts "
            + "(nothing is lost: committed work is in the inbox, the rest is redelivered). Set "
            + "Endpoints:ReconnectDeadline to change the wait, 0 to never exit."
    )]
    private partial void LogGivingUp(double seconds, string description, int exitCode);
}

using MassTransit;
using Messaging.Operations.Partitions;
using Messaging.Operations.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Pipeline.Hosting;

// Ends the process when, for EndpointOptions.ReconnectDeadline, its receive endpoints have not all been connected, or a consumed queue
// has had no consumer, or messages have waited on a consumed queue while this process finished none; the service manager
// (docker-compose's restart policy, systemd, eng/run.sh's loop) then starts a fresh one.
//
// Why: across repeated broker restarts under load, MassTransit 8.5.12's receive endpoints were seen to stop reconnecting for good (no
// attempt logged, no consumer, the broker up; docs/reliability.md), and nothing inside the process brings them back. A fresh process
// connects at once, and exiting is safe at any moment: what committed is recorded in the inbox, and what did not is redelivered.
//
// Start-up is watched too, and by this alone: MassTransit's own start timeout gave up on a start that broker restarts had interrupted,
// and the process then hung for good, consuming nothing (docs/reliability.md). A bus not healthy once within StartAllowance plus the
// deadline ends the process the same way.
//
// A queue operators paused is left out: its endpoint is stopped on purpose (EndpointPauseController). A queue this process only
// publishes to (an external fulfilment's) is another system's to consume: restarting would not bring its consumer back, so it is only
// reported (UnconsumedNeighbours).
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
    /// <summary>EX_TEMPFAIL: try again. eng/run.sh restarts a worker that exits with it.</summary>
    public const int ExitCode = 75;

    /// <summary>How long a start may take before the deadline begins: MassTransit's start timeout before it was left to this.</summary>
    public static readonly TimeSpan StartAllowance = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    // A passive declare per consumed queue each time.
    private static readonly TimeSpan ConsumerCheckInterval = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan NeighbourWarningInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, DateTime> _neighbourWarnedAt = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var deadline = options.Value.ReconnectDeadline;
        if (deadline <= TimeSpan.Zero)
        {
            return;
        }

        var startDeadline = StartAllowance + deadline;
        var watchingSince = DateTime.UtcNow;
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

            if (!hasBeenHealthy)
            {
                if (DateTime.UtcNow - watchingSince >= startDeadline)
                {
                    LogNeverStarted(startDeadline.TotalSeconds, Why(health), ExitCode);
                    Environment.Exit(ExitCode);
                }

                continue;
            }

            unhealthySince ??= DateTime.UtcNow;
            if (DateTime.UtcNow - unhealthySince.Value >= deadline)
            {
                LogGivingUp(deadline.TotalSeconds, Why(health), ExitCode);
                // Not a graceful stop: stopping waits for the same endpoints that no longer answer.
                Environment.Exit(ExitCode);
            }
        }
    }

    // The bus's own description of a start that never finished says only "not started": each endpoint's reason is added (the innermost
    // exception's, which names the broker's refusal), once for all the endpoints that share it.
    private static string Why(BusHealthResult health) =>
        string.Join(
            "; ",
            health
                .Endpoints.Values.Where(e => e.Status != BusHealthStatus.Healthy)
                .GroupBy(e => e.Exception?.GetBaseException().Message ?? e.Description, StringComparer.Ordinal)
                .Select(g => $"{string.Join(", ", g.Select(e => EndpointPauseController.QueueOf(e.InputAddress)))}: {g.Key}")
                .Prepend(health.Description)
        );

    // Endpoints operators paused are stopped on purpose.
    private bool Healthy(BusHealthResult health) =>
        health.Status == BusHealthStatus.Healthy
        || (
            health.Endpoints.Count > 0
            && health.Endpoints.Values.All(e =>
                e.Status == BusHealthStatus.Healthy || pauses.IsPaused(EndpointPauseController.QueueOf(e.InputAddress))
            )
        );

    // A bus that reports healthy can still consume nothing: after repeated broker restarts, orders were seen waiting for minutes while
    // MassTransit called every endpoint connected (docs/reliability.md). The broker's own figures cannot be fooled: a consumed queue with
    // no consumer, or messages ready on a queue while this process finishes none.
    private async Task CheckQueuesAsync(StallTracker stall, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var handled = progress.Handled;
        var waiting = new List<string>();
        foreach (var queue in queues.ConsumedQueues)
        {
            if (LedgerPartitions.EndpointOf(queue) is null)
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
        Message = "The bus has not finished starting in {Seconds:F0} s ({Description}); exiting with code {ExitCode} so that a fresh "
            + "processor starts (nothing is lost: committed work is in the inbox, the rest is redelivered). Set "
            + "Endpoints:ReconnectDeadline to change the wait past the first minute, 0 to never exit."
    )]
    private partial void LogNeverStarted(double seconds, string description, int exitCode);

    [LoggerMessage(
        Level = LogLevel.Critical,
        Message = "The receive endpoints have not all been connected for {Seconds:F0} s ({Description}); "
            + "exiting with code {ExitCode} so that a fresh processor starts "
            + "(nothing is lost: committed work is in the inbox, the rest is redelivered). Set "
            + "Endpoints:ReconnectDeadline to change the wait, 0 to never exit."
    )]
    private partial void LogGivingUp(double seconds, string description, int exitCode);
}

using System.Collections.Concurrent;
using MassTransit;
using Messaging.Ledger.Operations;
using Messaging.Operations.Endpoints;
using Messaging.Operations.Partitions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messaging.Processing.Pipeline.Hosting;

// Stops the receive endpoint of each paused queue (its messages wait in the queue: none is taken, none is lost) and starts it again once
// resumed. The watchdog asks it which queues are paused, so a paused queue's missing consumer is not a fault.
internal sealed partial class EndpointPauseController(IBusControl bus, EndpointPauses pauses, ILogger<EndpointPauseController> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, IReceiveEndpoint> _stopped = new(StringComparer.Ordinal);
    private volatile IReadOnlySet<string> _paused = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>As last read. A partition's queue is paused with its endpoint's: pauses name the shared queue.</summary>
    public bool IsPaused(string queue) => _paused.Contains(LedgerPartitions.SharedQueueOf(queue));

    /// <summary>The last segment of the input address.</summary>
    public static string QueueOf(Uri inputAddress)
    {
        ArgumentNullException.ThrowIfNull(inputAddress);
        return Uri.UnescapeDataString(inputAddress.Segments[^1].Trim('/'));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PausableEndpoints.FollowedWithin);
        do
        {
            try
            {
                await FollowAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                // The database is away: keep every endpoint as it is until the pauses can be read again.
                LogCannotRead(ex.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        var paused = (await pauses.ListAsync(cancellationToken)).ToDictionary(p => p.Queue, StringComparer.Ordinal);
        _paused = paused.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var endpoint in bus.CheckHealth().Endpoints.Values)
        {
            var queue = QueueOf(endpoint.InputAddress);
            var shared = LedgerPartitions.SharedQueueOf(queue);
            if (paused.TryGetValue(shared, out var pause) && _stopped.TryAdd(shared, endpoint.ReceiveEndpoint))
            {
                // Stopping waits for the messages in hand; the rest stay in the queue, unacknowledged ones return to it.
                await endpoint.ReceiveEndpoint.Stop(cancellationToken);
                LogPaused(pause.MessageType, queue, pause.PausedBy, pause.Reason);
            }
        }

        foreach (var (queue, endpoint) in _stopped)
        {
            if (!paused.ContainsKey(queue) && _stopped.TryRemove(queue, out _))
            {
                endpoint.Start(cancellationToken);
                LogResumed(queue);
            }
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Paused {MessageType}: stopped consuming {Queue} (paused by {PausedBy}: {Reason}); its "
            + "messages wait in the queue until it is resumed"
    )]
    private partial void LogPaused(string messageType, string queue, string pausedBy, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resumed: consuming {Queue} again")]
    private partial void LogResumed(string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the operators' pauses ({Reason}); endpoints stay as they are")]
    private partial void LogCannotRead(string reason);
}

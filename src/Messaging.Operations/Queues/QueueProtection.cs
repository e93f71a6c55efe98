using System.Collections.Concurrent;
using Messaging.Operations.Broker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Messaging.Operations.Queues;

// Finds out, before the processor declares a queue, whether the broker already has it with other arguments (declared by a version
// without dead-lettering). Such a queue keeps its arguments (a redeclaration with new ones is refused, and the processor must keep
// running) and is reported by name with the command that migrates it. Also makes sure every consumed queue's dead-letter target exists
// before the first message could be dead-lettered into it.
public sealed partial class QueueProtection(
    IOptions<RabbitMqOptions> rabbit,
    IOptions<EndpointOptions> endpoints,
    ILogger<QueueProtection> logger
) : IAsyncDisposable
{
    private const ushort NotFound = 404;
    private const ushort PreconditionFailed = 406;
    private const ushort NotAllowed = 530;

    private readonly ConcurrentDictionary<string, QueueState> _states = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public int DeliveryLimit => endpoints.Value.DeliveryLimit;

    // Synchronous for MassTransit's endpoint configuration callbacks, which run once at start-up on the host's thread pool (no
    // synchronization context to deadlock on).
    public QueueState InspectConsumed(string queue) => InspectConsumedAsync(queue, CancellationToken.None).GetAwaiter().GetResult();

    // Synchronous: see InspectConsumed.
    public QueueState InspectParked(string queue) => InspectParkedAsync(queue, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<QueueState> InspectConsumedAsync(string queue, CancellationToken cancellationToken)
    {
        // The dead-letter target first: MassTransit declares an _error queue only at the first fault, and a
        // message the broker dead-letters before that would wait in its source queue for a target to appear.
        await InspectParkedAsync(QueueArguments.ErrorQueueFor(queue), cancellationToken);
        return await InspectAsync(queue, QueueArguments.ForConsumed(queue, DeliveryLimit), declare: false, cancellationToken);
    }

    /// <summary>As inspected at start-up.</summary>
    public IReadOnlyList<string> ConsumedQueues => [.. _states.Keys.Where(q => !QueueArguments.IsParked(q)).Order(StringComparer.Ordinal)];

    /// <summary>Consumers are all processors'; null when the broker cannot be asked now.</summary>
    public async Task<(uint Ready, uint Consumers)?> CountsAsync(string queue, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is not { IsOpen: true })
            {
                _connection = await rabbit.Value.ConnectAsync("ledger-queue-protection", cancellationToken);
            }

            await using var passive = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
            var declared = await passive.QueueDeclarePassiveAsync(queue, cancellationToken);
            return (declared.MessageCount, declared.ConsumerCount);
        }
        catch (Exception ex) when (ex is RabbitMQClientException or OperationInterruptedException or IOException)
        {
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<QueueState> InspectParkedAsync(string queue, CancellationToken cancellationToken) =>
        InspectAsync(queue, QueueArguments.ForParked(), declare: true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _gate.Dispose();
    }

    private async Task<QueueState> InspectAsync(
        string queue,
        Dictionary<string, object?> expected,
        bool declare,
        CancellationToken cancellationToken
    )
    {
        if (_states.TryGetValue(queue, out var known))
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_states.TryGetValue(queue, out var state))
            {
                state = await ProbeAsync(queue, expected, cancellationToken);
                if (declare)
                {
                    await DeclareParkingAsync(queue, state == QueueState.Legacy ? null : expected, cancellationToken);
                    state = state == QueueState.Legacy ? state : QueueState.Protected;
                }

                _states[queue] = state;
                if (state == QueueState.Legacy)
                {
                    if (QueueArguments.IsParked(queue))
                    {
                        LogLegacyParked(queue);
                    }
                    else
                    {
                        LogLegacyConsumed(queue, DeliveryLimit);
                    }
                }
            }

            return state;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<QueueState> ProbeAsync(string queue, Dictionary<string, object?> expected, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);

        // A refused declaration closes its channel: one throwaway channel per question.
        await using (var passive = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            try
            {
                await passive.QueueDeclarePassiveAsync(queue, cancellationToken);
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == NotFound)
            {
                return QueueState.Absent;
            }
        }

        if (await DeclaresAsync(connection, queue, expected, cancellationToken) is null)
        {
            return QueueState.Protected;
        }

        // Other arguments: either the earlier versions' (quorum, nothing else), which the processor can keep
        // declaring until the queue is migrated, or arguments it cannot know (another delivery limit, say).
        var legacy = new Dictionary<string, object?>(StringComparer.Ordinal) { [QueueArguments.QueueType] = "quorum" };
        var refusal = await DeclaresAsync(connection, queue, legacy, cancellationToken);
        return refusal is null
            ? QueueState.Legacy
            : throw new QueueArgumentsMismatchException(
                $"Queue {queue} exists with arguments this processor does not declare ({refusal}). Most "
                    + "likely Endpoints:DeliveryLimit changed "
                    + $"(now {DeliveryLimit}) since it was declared: set it back, or stop every processor and run "
                    + $"`Messaging.Admin queues migrate --delivery-limit {DeliveryLimit}`."
            );
    }

    // Null when the broker accepts this declaration, else its reason for refusing it.
    private static async Task<string?> DeclaresAsync(
        IConnection connection,
        string queue,
        Dictionary<string, object?> arguments,
        CancellationToken cancellationToken
    )
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeclareAsync(
                queue,
                durable: true,
                exclusive: false,
                autoDelete: false,
                arguments: arguments,
                cancellationToken: cancellationToken
            );
            return null;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == PreconditionFailed)
        {
            return ex.ShutdownReason.ReplyText;
        }
    }

    // MassTransit's own shape: a fanout exchange of the same name bound to the queue.
    private async Task DeclareParkingAsync(string queue, Dictionary<string, object?>? arguments, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(
            queue,
            ExchangeType.Fanout,
            durable: true,
            autoDelete: false,
            cancellationToken: cancellationToken
        );
        if (arguments is not null)
        {
            await channel.QueueDeclareAsync(
                queue,
                durable: true,
                exclusive: false,
                autoDelete: false,
                arguments: arguments,
                cancellationToken: cancellationToken
            );
        }

        await channel.QueueBindAsync(queue, queue, "", cancellationToken: cancellationToken);
    }

    private async Task<IConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true })
        {
            return _connection;
        }

        var settings = rabbit.Value;

        // The broker may still be starting (as MassTransit's own start-up allows for): keep trying for a minute.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                _connection = await settings.ConnectAsync("ledger-queue-protection", cancellationToken);

                // A broker that has just restarted accepts connections before its virtual hosts are up, and refuses the
                // connection's opening a moment later (530, vhost not found): open a channel to know the connection holds.
                await using (await _connection.CreateChannelAsync(cancellationToken: cancellationToken)) { }

                return _connection;
            }
            catch (Exception ex) when (DateTime.UtcNow < deadline && IsBrokerNotReady(ex))
            {
                LogBrokerUnreachable(settings.Host, settings.Port, ex.InnerException?.Message ?? ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }

    // Nobody answers yet, or the broker answers but its virtual host is not up yet (530 on opening the connection).
    private static bool IsBrokerNotReady(Exception ex) =>
        ex is BrokerUnreachableException || (ex is OperationInterruptedException closed && closed.ShutdownReason?.ReplyCode == NotAllowed);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Queue {Queue} was declared without dead-lettering (by an earlier version) and keeps its "
            + "old arguments: on RabbitMQ 4.x a message "
            + "delivered more than 20 times without being acknowledged (the processor crashing while it "
            + "is in flight) is DROPPED, not parked. "
            + "The processor declares it with a delivery limit of {DeliveryLimit} and dead-lettering to "
            + "its _error queue once migrated: stop every "
            + "processor, run `Messaging.Admin queues migrate`, start again (docs/reliability.md)"
    )]
    private partial void LogLegacyConsumed(string queue, int deliveryLimit);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Dead-letter queue {Queue} was declared by an earlier version and keeps its old arguments: "
            + "on RabbitMQ 4.x reading it 20 times "
            + "(dlq list, show) DROPS its messages. Stop every processor, run `Messaging.Admin queues "
            + "migrate`, start again (docs/reliability.md)"
    )]
    private partial void LogLegacyParked(string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ at {Host}:{Port} does not answer yet ({Reason}); trying again")]
    private partial void LogBrokerUnreachable(string host, int port, string reason);
}

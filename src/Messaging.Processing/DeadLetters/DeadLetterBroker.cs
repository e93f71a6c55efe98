using Messaging.Processing.Broker;
using Messaging.Processing.Queues;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Messaging.Processing.DeadLetters;

/// <summary>
/// The broker as the dead-letter commands see it: the management API for the list of dead-letter queues,
/// and one AMQP channel (publisher confirms on) to read messages without removing them, re-publish and ack.
/// Every message read stays unacknowledged until it is acked after a confirmed replay or requeued.
/// </summary>
public sealed class DeadLetterBroker : IAsyncDisposable
{
    private readonly RabbitSettings _settings;
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly List<DeadLetter> _held = [];
    private readonly Dictionary<string, long> _requeued = new(StringComparer.Ordinal);

    private DeadLetterBroker(RabbitSettings settings, IConnection connection, IChannel channel)
    {
        _settings = settings;
        _connection = connection;
        _channel = channel;
    }

    public RabbitSettings Settings => _settings;

    /// <summary>The confirming channel, for other commands that move messages (queue migration).</summary>
    public IChannel Channel => _channel;

    /// <summary>Connects; <paramref name="clientName"/> is how the connection shows in the management UI (which tool holds the messages).</summary>
    public static async Task<DeadLetterBroker> ConnectAsync(RabbitSettings settings, string clientName, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            HostName = settings.Host,
            Port = settings.AmqpPort,
            VirtualHost = settings.VirtualHost,
            UserName = settings.User,
            Password = settings.Password,
            ClientProvidedName = clientName,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };
        try
        {
            var connection = await factory.CreateConnectionAsync(cancellationToken);
            var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            return new DeadLetterBroker(settings, connection, channel);
        }
        catch (BrokerUnreachableException ex) when (ex.InnerException is AuthenticationFailureException || ex.InnerException?.InnerException is AuthenticationFailureException)
        {
            throw BrokerManagement.CredentialsRefused(settings, ex);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 530)
        {
            throw new BrokerProblemException(BrokerProblemKind.NotFound,
                $"RabbitMQ refused virtual host '{settings.VirtualHost}' ({ex.ShutdownReason.ReplyText}): it does not exist or user '{settings.User}' has no permission on it. " +
                $"Set the processor's virtual host with {settings.Fix.VirtualHost}.", ex);
        }
        catch (BrokerUnreachableException ex)
        {
            throw new BrokerProblemException(BrokerProblemKind.Unreachable,
                $"Cannot open an AMQP connection to RabbitMQ at {settings.Host}:{settings.AmqpPort}, virtual host '{settings.VirtualHost}' ({Innermost(ex).Message}). " +
                $"Start it with `bash eng/servers.sh up`, or set {settings.Fix.Host} and {settings.Fix.VirtualHost}.", ex);
        }
    }

    /// <summary>Every queue of the virtual host named *_error or *_skipped, with its ready message count, by name.</summary>
    public async Task<IReadOnlyList<(string Queue, long Messages)>> DeadLetterQueuesAsync(CancellationToken cancellationToken)
    {
        using var management = new BrokerManagement(_settings);
        var names = (await management.QueuesAsync(cancellationToken)).Select(q => q.Name);
        var queues = new List<(string, long)>();
        foreach (var name in names.Where(QueueArguments.IsParked).Order(StringComparer.Ordinal))
        {
            queues.Add((name, await CountAsync(name, cancellationToken)));
        }

        return queues;
    }

    /// <summary>Reads every message of a queue without removing it; they stay held (unacked) until acked or requeued.</summary>
    public async Task<IReadOnlyList<DeadLetter>> ReadAsync(string queue, CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetter>();
        while (await _channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } result)
        {
            var letter = DeadLetter.From(queue, result);
            letters.Add(letter);
            _held.Add(letter);
        }

        return letters;
    }

    /// <summary>Re-publishes to the source queue through the default exchange and waits for the broker's confirm; throws when it is not confirmed.</summary>
    public async Task RepublishAsync(DeadLetter letter, string sourceQueue, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties(letter.Properties) { Headers = letter.ReplayHeaders() };
        try
        {
            // mandatory: a missing source queue comes back as a return, which the client reports as a failed publish.
            await _channel.BasicPublishAsync("", sourceQueue, mandatory: true, properties, letter.Body, cancellationToken);
        }
        catch (PublishException ex)
        {
            throw new BrokerProblemException(ex.IsReturn ? BrokerProblemKind.NotFound : BrokerProblemKind.Unreachable,
                ex.IsReturn
                    ? $"The broker could not route message {letter.MessageId} to queue '{sourceQueue}': the queue does not exist. Start the processor once so it declares its queues, then replay again."
                    : $"The broker did not confirm the re-publish of message {letter.MessageId} to '{sourceQueue}'; it stays in '{letter.Queue}'. Check the broker's logs and replay again.",
                ex);
        }
    }

    /// <summary>Removes a message from its dead-letter queue (call only after its re-publish was confirmed).</summary>
    public async Task AckAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        await _channel.BasicAckAsync(letter.DeliveryTag, multiple: false, cancellationToken);
        _held.Remove(letter);
    }

    /// <summary>Puts back every message still held, so nothing read and not replayed leaves its dead-letter queue.</summary>
    public async Task RequeueHeldAsync()
    {
        foreach (var letter in _held.ToList())
        {
            if (_channel.IsOpen)
            {
                await _channel.BasicNackAsync(letter.DeliveryTag, multiple: false, requeue: true);
                _requeued[letter.Queue] = _requeued.GetValueOrDefault(letter.Queue) + 1;
            }

            _held.Remove(letter);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RequeueHeldAsync();
        }
        finally
        {
            // Closing the channel also returns anything still unacked to its queue.
            await _channel.DisposeAsync();
            await WaitForRequeuedAsync();
            await _connection.DisposeAsync();
        }
    }

    /// <summary>
    /// A quorum queue takes requeued messages back asynchronously; wait (a little) until they are ready again, so
    /// that whoever runs this tool and then counts the queue does not see them missing.
    /// </summary>
    private async Task WaitForRequeuedAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        foreach (var (queue, count) in _requeued)
        {
            while (_connection.IsOpen && await CountAsync(queue, CancellationToken.None) < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>How many consumers a queue has now (exact, unlike the management API's sampled figure); 0 when it does not exist.</summary>
    public async Task<uint> ConsumersAsync(string queue, CancellationToken cancellationToken)
    {
        await using var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).ConsumerCount;
        }
        catch (OperationInterruptedException)
        {
            return 0;
        }
    }

    private async Task<long> CountAsync(string queue, CancellationToken cancellationToken)
    {
        // The management API's counts lag by its statistics interval; a passive declare is exact. A throwaway
        // channel, because a failed passive declare closes its channel.
        await using var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return 0;
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}

using RabbitMQ.Client;

namespace Messaging.Benchmarks.Infrastructure;

internal static class Rabbit
{
    public static readonly Dictionary<string, object?> QuorumQueue = new() { ["x-queue-type"] = "quorum" };

    public static Task<IConnection> ConnectAsync(BenchOptions options, string vhost, string name) =>
        new ConnectionFactory
        {
            HostName = options.Host,
            Port = options.AmqpPort,
            VirtualHost = vhost,
            UserName = options.MqUser,
            Password = options.MqPassword,
            ClientProvidedName = name,
            AutomaticRecoveryEnabled = false,
        }.CreateConnectionAsync();

    /// <summary>A channel whose publishes complete when the broker confirms them, with no library-side cap on outstanding
    /// confirms.</summary>
    public static Task<IChannel> ConfirmingChannelAsync(IConnection connection) =>
        connection.CreateChannelAsync(
            new CreateChannelOptions(
                publisherConfirmationsEnabled: true,
                publisherConfirmationTrackingEnabled: true,
                outstandingPublisherConfirmationsRateLimiter: null
            )
        );

    /// <summary>A durable fanout exchange feeding one durable quorum queue.</summary>
    public static async Task DeclareFanoutToQuorumQueueAsync(IChannel channel, string exchange, string queue)
    {
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: QuorumQueue);
        await channel.QueueBindAsync(queue, exchange, routingKey: "");
    }

    /// <summary>
    /// The exchanges a request-and-answer mode needs, as the processor declares them (durable fanouts): the one requests
    /// go to, and the answers', every one of them feeding the collector's quorum queue.
    /// </summary>
    public static async Task DeclareRequestAndAnswersAsync(
        BenchOptions options,
        string vhost,
        string requestExchange,
        string collectorQueue,
        params string[] answerExchanges
    )
    {
        ArgumentNullException.ThrowIfNull(answerExchanges);
        await using var setup = await ConnectAsync(options, vhost, $"bench-{collectorQueue}-setup");
        await using var channel = await setup.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(requestExchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        foreach (var exchange in answerExchanges)
        {
            await DeclareFanoutToQuorumQueueAsync(channel, exchange, collectorQueue);
        }

        await setup.CloseAsync();
    }

    public static BasicProperties JsonProperties(Guid messageId) =>
        new()
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = messageId.ToString(),
        };
}

/// <summary>
/// Publishes with publisher confirms pipelined: up to <c>window</c> messages are unconfirmed at once;
/// <see cref="PublishAsync"/> returns as soon as the message is handed to the channel.
/// </summary>
internal sealed class ConfirmedPublisher : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly SemaphoreSlim _window;
    private readonly int _windowSize;
    private long _confirmed;
    private long _failed;
    private long _lastConfirmedAt;

    private ConfirmedPublisher(IConnection connection, IChannel channel, int window)
    {
        _connection = connection;
        _channel = channel;
        _windowSize = window;
        _window = new SemaphoreSlim(window, window);
    }

    public long Confirmed => Interlocked.Read(ref _confirmed);

    public long Failed => Interlocked.Read(ref _failed);

    public Exception? LastError { get; private set; }

    /// <summary>When the broker last confirmed a message (stopwatch ticks).</summary>
    public long LastConfirmedAt => Interlocked.Read(ref _lastConfirmedAt);

    public static async Task<ConfirmedPublisher> CreateAsync(BenchOptions options, string vhost, string name)
    {
        var connection = await Rabbit.ConnectAsync(options, vhost, name);
        var channel = await Rabbit.ConfirmingChannelAsync(connection);
        return new ConfirmedPublisher(connection, channel, options.Window);
    }

    /// <summary>Waits for room in the window, then sends; the confirm is awaited in the background.</summary>
    public async ValueTask PublishAsync(string exchange, BasicProperties properties, ReadOnlyMemory<byte> body)
    {
        await _window.WaitAsync();
        _ = SendAsync(exchange, properties, body);
    }

    /// <summary>Waits until every message published so far is confirmed (or failed).</summary>
    public async Task DrainAsync()
    {
        for (var i = 0; i < _windowSize; i++)
        {
            await _window.WaitAsync();
        }

        _window.Release(_windowSize);
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        await _channel.DisposeAsync();
        await _connection.CloseAsync();
        await _connection.DisposeAsync();
        _window.Dispose();
    }

    private async Task SendAsync(string exchange, BasicProperties properties, ReadOnlyMemory<byte> body)
    {
        try
        {
            await _channel.BasicPublishAsync(exchange, routingKey: "", mandatory: false, properties, body);
            Interlocked.Increment(ref _confirmed);
            Interlocked.Exchange(ref _lastConfirmedAt, Clock.Now);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LastError = ex;
            Interlocked.Increment(ref _failed);
        }
        finally
        {
            _window.Release();
        }
    }
}

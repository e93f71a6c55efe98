using System.Text;
using RabbitMQ.Client;

namespace Messaging.Testing;

/// <summary>
/// A plain RabbitMQ client for tests: publishes raw bytes as any producer would, each message as the broker user of the
/// upstream system that owns its exchange (<see cref="BrokerRoles.PublisherOf"/>), and reads queues as the administrator
/// that provisions (the tests' own observing queues).
/// </summary>
public sealed class Broker : IAsyncDisposable
{
    private readonly RabbitEndpoint _rabbit;
    private readonly string _vhost;
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly Dictionary<string, (IConnection Connection, IChannel Channel)> _publishers = new(StringComparer.Ordinal);

    private Broker(RabbitEndpoint rabbit, string vhost, IConnection connection, IChannel channel)
    {
        _rabbit = rabbit;
        _vhost = vhost;
        _connection = connection;
        _channel = channel;
    }

    public static async Task<Broker> ConnectAsync(RabbitEndpoint rabbit, string vhost)
    {
        var connection = await rabbit.ConnectionFactory(vhost, "test-broker").CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)
        );
        return new Broker(rabbit, vhost, connection, channel);
    }

    /// <summary>The broker user a message to <paramref name="exchange"/> is published as: its upstream system's, else the
    /// administrator's.</summary>
    public string PublisherOf(string exchange) => BrokerRoles.PublisherOf(exchange) ?? _rabbit.User;

    public Task PublishJsonAsync(
        string exchange,
        string json,
        Guid? messageId,
        string? contentType = "application/json",
        string? type = null,
        string? userId = null,
        string? asUser = null,
        string routingKey = ""
    ) =>
        PublishBodyAsync(
            exchange,
            Encoding.UTF8.GetBytes(json),
            messageId,
            contentType,
            type,
            userId,
            asUser: asUser,
            routingKey: routingKey
        );

    /// <summary>
    /// Any bytes, as a careless or hostile producer could publish them, as <paramref name="asUser"/> (default: the
    /// exchange's upstream system's user). The exchange is declared by the administrator first, as the processor
    /// would: no upstream user may declare the shared exchanges. <paramref name="routingKey"/>: the partition key, for a partitioned
    /// ledger (docs/scaling.md).
    /// </summary>
    public async Task PublishBodyAsync(
        string exchange,
        byte[] body,
        Guid? messageId,
        string? contentType = "application/json",
        string? type = null,
        string? userId = null,
        IDictionary<string, object?>? headers = null,
        string? asUser = null,
        string routingKey = ""
    )
    {
        await _channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var properties = new BasicProperties
        {
            ContentType = contentType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = messageId?.ToString(),
            Type = type,
            // RabbitMQ refuses (closing the channel) a user_id that is not this connection's user.
            UserId = userId,
            Headers = headers,
        };
        await (await PublisherChannelAsync(asUser ?? PublisherOf(exchange))).BasicPublishAsync(
            exchange,
            routingKey,
            mandatory: false,
            properties,
            body
        );
    }

    /// <summary>Puts a JSON body straight into a queue (through the default exchange) as the dead-letter tool's user, as a copy
    /// dead-lettered some other way would be.</summary>
    public async Task SendToQueueAsync(string queue, string json, Guid messageId)
    {
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = messageId.ToString(),
        };
        await (await PublisherChannelAsync(BrokerRoles.DeadLetters)).BasicPublishAsync(
            "",
            queue,
            mandatory: true,
            properties,
            Encoding.UTF8.GetBytes(json)
        );
    }

    private async Task<IChannel> PublisherChannelAsync(string user)
    {
        if (user == _rabbit.User)
        {
            return _channel;
        }

        if (!_publishers.TryGetValue(user, out var publisher) || !publisher.Channel.IsOpen)
        {
            var connection = await _rabbit.As(user).ConnectionFactory(_vhost, $"test-{user}").CreateConnectionAsync();
            var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)
            );
            _publishers[user] = publisher = (connection, channel);
        }

        return publisher.Channel;
    }

    /// <summary>Binds a fresh queue to an exchange, to collect what the processor publishes there.</summary>
    public async Task<string> SubscribeAsync(string exchange)
    {
        await _channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var queue = $"test-{exchange}-{Guid.NewGuid():N}";
        await _channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await _channel.QueueBindAsync(queue, exchange, "");
        return queue;
    }

    /// <summary>Takes every message currently in a queue.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> DrainAsync(string queue)
    {
        var messages = new List<ReceivedMessage>();
        while (await _channel.BasicGetAsync(queue, autoAck: true) is { } result)
        {
            var headers = result.BasicProperties.Headers?.ToDictionary(
                h => h.Key,
                h => h.Value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : h.Value?.ToString()
            )
                ?? [];
            messages.Add(new ReceivedMessage(result.BasicProperties.MessageId, Encoding.UTF8.GetString(result.Body.Span), headers));
        }

        return messages;
    }

    /// <summary>How many consumers a queue has now (exact, unlike the management API's sampled figure); 0 when it does not exist.</summary>
    public async Task<uint> ConsumersAsync(string queue) => (await DeclarePassiveAsync(queue))?.ConsumerCount ?? 0;

    /// <summary>Messages ready in a queue; 0 when it does not exist (yet).</summary>
    public async Task<uint> CountAsync(string queue) => (await DeclarePassiveAsync(queue))?.MessageCount ?? 0;

    // Closing a connection closes its channels. Disposing a publisher's channel first threw NullReferenceException inside
    // RabbitMQ.Client 7.2.2 in one CI run, after the test's assertions had held; a test client's teardown must not decide a test.
    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _publishers.Values.Select(p => p.Connection).Append(_connection))
        {
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception ex)
                when (ex is NullReferenceException or ObjectDisposedException or RabbitMQ.Client.Exceptions.RabbitMQClientException)
            {
                await Console.Error.WriteLineAsync($"test broker client: closing a connection failed ({ex.GetType().Name}: {ex.Message})");
            }
        }
    }

    private async Task<QueueDeclareOk?> DeclarePassiveAsync(string queue)
    {
        // A passive declare of a missing queue closes its channel, so use a throwaway one.
        await using var channel = await _connection.CreateChannelAsync();
        try
        {
            return await channel.QueueDeclarePassiveAsync(queue);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }
}

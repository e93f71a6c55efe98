using System.Net.Sockets;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Messaging.Testing;

/// <summary>
/// A producer as a careful upstream system writes one: every message is published mandatory with a publisher confirm,
/// and when the broker goes away (or refuses, or cannot route) before confirming, it reconnects and publishes the same
/// message again, with the same ids, until the broker confirms it. A message may so reach the queue twice; the
/// processor's inbox must recognise the second. What this returns from is confirmed.
/// </summary>
public sealed class ConfirmingProducer(RabbitEndpoint rabbit, string virtualHost) : IAsyncDisposable
{
    private IConnection? _connection;
    private IChannel? _channel;

    /// <summary>Messages published again because the first attempt was not confirmed.</summary>
    public int Republished { get; private set; }

    public async Task PublishJsonAsync(string exchange, string json, Guid messageId, CancellationToken cancellationToken = default)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = messageId.ToString(),
        };
        while (true)
        {
            try
            {
                var channel = await ChannelAsync(cancellationToken);
                // With confirm tracking on, this returns once the broker has confirmed, and throws when it nacks or returns.
                await channel.BasicPublishAsync(exchange, "", mandatory: true, properties, body, cancellationToken);
                return;
            }
            catch (Exception ex)
                when (ex is RabbitMQClientException or IOException or SocketException or ObjectDisposedException or TimeoutException)
            {
                Republished++;
                await ResetAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }

    public ValueTask DisposeAsync() => new(ResetAsync());

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }

        await ResetAsync();
        _connection = await rabbit.ConnectionFactory(virtualHost, "test-confirming-producer").CreateConnectionAsync(cancellationToken);
        _channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken
        );
        return _channel;
    }

    private async Task ResetAsync()
    {
        var channel = _channel;
        var connection = _connection;
        _channel = null;
        _connection = null;
        try
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
        catch (Exception ex) when (ex is RabbitMQClientException or IOException or SocketException or ObjectDisposedException)
        {
            // Already gone with the broker: nothing left to close.
        }
    }
}

using System.Text;
using Messaging.Contracts;
using Messaging.Operations.Broker;
using Messaging.Operations.Endpoints;
using Messaging.Operations.Queues;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Messaging.Processing.Pipeline.Outbox;

// Publishes the body exactly as stored, serialized once in the transaction: that keeps delivery cheap and the wire language-neutral
// (MassTransit consumers read it through the raw JSON deserializer, anyone else as plain JSON).
internal sealed class OutboxPublisher(IOptions<RabbitMqOptions> options, QueueProtection queues) : IAsyncDisposable
{
    // One batch at a time: the channel, its confirms and the declared-exchange cache are not shared.
    // A healthy broker confirms in milliseconds.
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private IConnection? _connection;
    private IChannel? _channel;

    /// <returns>Per message, whether the broker confirmed it.</returns>
    public async Task<bool[]> PublishAsync(IReadOnlyList<PendingOutboxMessage> messages, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await PublishExclusiveAsync(messages, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    // The message continues the trace of what caused it, stored with its row: a publish span whose parent is the consumer's span (when
    // spans are recorded), sent as the W3C traceparent header OpenTelemetry consumers read and as MT-Activity-Id, the header MassTransit 8
    // consumers read it from. A sweeper's own message starts a trace of its own.
    private static Dictionary<string, object?>? TraceHeaders(PendingOutboxMessage message)
    {
        System.Diagnostics.ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var span = Diagnostics.LedgerTracing.Outbox.StartActivity(
            $"{ExchangeOf(message)} publish",
            System.Diagnostics.ActivityKind.Producer,
            parent
        );
        span?.SetTag("messaging.system", "rabbitmq");
        span?.SetTag("messaging.destination.name", ExchangeOf(message));
        span?.SetTag("messaging.message.id", message.MessageId.ToString());
        var traceParent = span?.Id ?? message.TraceParent;
        return traceParent is null
            ? null
            : new Dictionary<string, object?> { ["traceparent"] = traceParent, ["MT-Activity-Id"] = traceParent };
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        _gate.Dispose();
    }

    private async Task<bool[]> PublishExclusiveAsync(IReadOnlyList<PendingOutboxMessage> messages, CancellationToken cancellationToken)
    {
        var channel = await ChannelAsync(cancellationToken);
        foreach (var message in messages.DistinctBy(ExchangeOf))
        {
            await DeclareAsync(channel, message, cancellationToken);
        }

        // Never wait for a confirm for ever: one that does not come within the limit counts as not confirmed, the channel
        // is replaced, and the rows are published again after their lease (a duplicate is harmless: stable message ids).
        using var confirmLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        confirmLimit.CancelAfter(ConfirmTimeout);
        var publishes = messages
            .Select(m =>
                channel
                    .BasicPublishAsync(
                        ExchangeOf(m),
                        "",
                        mandatory: false,
                        new BasicProperties
                        {
                            MessageId = m.MessageId.ToString(),
                            ContentType = "application/json",
                            DeliveryMode = DeliveryModes.Persistent,
                            Type = OutboxMessageTypes.NameOf(m.MessageType),
                            Headers = TraceHeaders(m),
                        },
                        Encoding.UTF8.GetBytes(m.Body),
                        confirmLimit.Token
                    )
                    .AsTask()
            )
            .ToList();

        try
        {
            await Task.WhenAll(publishes);
        }
        catch (Exception) when (publishes.Any(p => p.IsFaulted || p.IsCanceled) && !cancellationToken.IsCancellationRequested)
        {
            // Reported per message below; a broken channel is replaced on the next call.
            await ResetAsync();
        }

        return publishes.Select(p => p.IsCompletedSuccessfully).ToArray();
    }

    private static string ExchangeOf(PendingOutboxMessage message) =>
        message.Destination ?? ContractExchanges.ExchangeFor(message.MessageType);

    private async Task DeclareAsync(IChannel channel, PendingOutboxMessage message, CancellationToken cancellationToken)
    {
        var exchange = ExchangeOf(message);
        if (!_declared.Add(exchange))
        {
            return;
        }

        try
        {
            await channel.ExchangeDeclareAsync(
                exchange,
                ExchangeType.Fanout,
                durable: true,
                autoDelete: false,
                cancellationToken: cancellationToken
            );
            if (!FulfilmentQueues.IsExternal(message.Destination))
            {
                return;
            }

            // An external fulfilment may not be running yet: its queue must exist before the first request,
            // or the request would be dropped by an exchange bound to nothing. Its consumer may crash too, so it
            // is protected like the processor's own queues (a legacy one keeps its arguments, and is reported).
            if (await queues.InspectConsumedAsync(exchange, cancellationToken) != QueueState.Legacy)
            {
                await channel.QueueDeclareAsync(
                    exchange,
                    durable: true,
                    exclusive: false,
                    autoDelete: false,
                    arguments: QueueArguments.ForConsumed(exchange, queues.DeliveryLimit),
                    cancellationToken: cancellationToken
                );
            }

            await channel.QueueBindAsync(exchange, exchange, "", cancellationToken: cancellationToken);
        }
        catch
        {
            _declared.Remove(exchange);
            throw;
        }
    }

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }

        await ResetAsync();
        _connection = await options.Value.ConnectAsync("ledger-outbox", cancellationToken);
        _channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken
        );
        return _channel;
    }

    private async Task ResetAsync()
    {
        _declared.Clear();
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
            _channel = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }
}

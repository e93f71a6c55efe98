using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using Messaging.Processing.Pipeline.Outbox;

namespace Messaging.Processing.Pipeline.Transactions;

// Publishes and sends are captured through MassTransit's outbox seam (OutboxSendContext) instead of going to the broker: they become
// outbox rows in the message's transaction and leave only after it commits, with the message ids MassTransit gave them.
internal sealed class OutboxConsumeContext<TMessage> : ConsumeContextProxy<TMessage>, OutboxSendContext
    where TMessage : class
{
    private readonly List<OutgoingMessage> _captured = [];
    private readonly MessageTransaction _transaction;

    public OutboxConsumeContext(ConsumeContext<TMessage> context, MessageTransaction transaction)
        : base(context)
    {
        _transaction = transaction;
        var receive = new OutboxReceiveContext(this, context.ReceiveContext);
        ReceiveContext = receive;
        PublishEndpointProvider = receive.PublishEndpointProvider;
    }

    public IReadOnlyList<OutgoingMessage> Captured
    {
        get
        {
            lock (_captured)
            {
                return [.. _captured];
            }
        }
    }

    public Task AddSend<T>(SendContext<T> context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = new OutgoingMessage(
            context.MessageId ?? NewId.NextGuid(),
            context.Message,
            ExchangeOf(context.DestinationAddress),
            _transaction.MessageId,
            _transaction.ConsumerId,
            Ledger.Writing.TraceIds.CurrentParent()
        );
        lock (_captured)
        {
            _captured.Add(message);
        }

        return Task.CompletedTask;
    }

    public object? GetService(Type serviceType) =>
        TryGetPayload<IServiceProvider>(out var provider) ? provider.GetService(serviceType) : null;

    // Every destination is an exchange; its name is the address's last segment.
    private static string? ExchangeOf(Uri? address) =>
        address is null ? null
        : address.Segments[^1].Trim('/') is { Length: > 0 } name ? name
        : null;
}

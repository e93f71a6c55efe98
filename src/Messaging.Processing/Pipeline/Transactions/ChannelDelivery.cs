using MassTransit;
using MassTransit.RabbitMqTransport;

namespace Messaging.Processing.Pipeline.Transactions;

// The broker's delivery tag numbers a channel's deliveries 1, 2, 3…. Channel is null when the message did not come from RabbitMQ (the
// in-memory test harness), and such a message is never held back for ordering.
internal readonly record struct ChannelDelivery(object? Channel, ulong Tag)
{
    public static ChannelDelivery Of(ReceiveContext context) =>
        context.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) && context.TryGetPayload<ChannelContext>(out var channel)
            ? new ChannelDelivery(channel, delivery.DeliveryTag)
            : default;
}

using MassTransit;
using MassTransit.RabbitMqTransport;

namespace Messaging.Processing.Pipeline.Transactions;

/// <summary>
/// Where a message was delivered: its consumer's channel and the broker's delivery tag on it, which numbers the
/// channel's deliveries 1, 2, 3…. <see cref="Channel"/> is null when the message did not come from RabbitMQ (the
/// in-memory test harness), and such a message is never held back for ordering.
/// </summary>
internal readonly record struct ChannelDelivery(object? Channel, ulong Tag)
{
    public static ChannelDelivery Of(ReceiveContext context) =>
        context.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) && context.TryGetPayload<ChannelContext>(out var channel)
            ? new ChannelDelivery(channel, delivery.DeliveryTag)
            : default;
}

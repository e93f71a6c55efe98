using MassTransit;

namespace Messaging.Processing.Pipeline.Transactions;

/// <summary>
/// Tells <see cref="DeliveryOrder"/> when a RabbitMQ delivery leaves its endpoint's receive pipe, whatever became of it
/// (consumed, refused by the contract gate, dead-lettered, skipped). It sits in the receive pipe, before
/// deserialization, so no delivery can leave unseen.
/// </summary>
internal sealed class DeliveryOrderFilter(DeliveryOrder order) : IFilter<ReceiveContext>
{
    public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next.Send(context);
        }
        finally
        {
            order.Left(ChannelDelivery.Of(context));
        }
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("deliveryOrder");
}

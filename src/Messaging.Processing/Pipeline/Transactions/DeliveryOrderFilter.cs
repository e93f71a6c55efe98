using MassTransit;

namespace Messaging.Processing.Pipeline.Transactions;

// Sits in the receive pipe, before deserialization, so no delivery can leave unseen (consumed, refused by the contract gate,
// dead-lettered, skipped).
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

using MassTransit;
using Messaging.Processing.Hosting;

namespace Messaging.Processing.Earning;

/// <summary>Endpoint policy for <see cref="OrderCompletedConsumer"/>: the ledger endpoint conventions.</summary>
public sealed class OrderCompletedConsumerDefinition : ConsumerDefinition<OrderCompletedConsumer>
{
    public OrderCompletedConsumerDefinition()
    {
        EndpointName = OrderCompletedConsumer.QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<OrderCompletedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        LedgerEndpointConventions.Apply(endpointConfigurator, context);
    }
}

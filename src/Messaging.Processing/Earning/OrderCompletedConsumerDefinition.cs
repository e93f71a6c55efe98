using MassTransit;
using Messaging.Processing.Hosting;

namespace Messaging.Processing.Earning;

/// <summary>Endpoint policy for <see cref="OrderCompletedConsumer"/>: the ledger endpoint conventions.</summary>
public sealed class OrderCompletedConsumerDefinition : ConsumerDefinition<OrderCompletedConsumer>
{
    /// <summary>The endpoint's name in the inbox (<see cref="Inbox.InboxConsumer"/>); never change it.</summary>
    public const string InboxName = "order-completed";

    public OrderCompletedConsumerDefinition()
    {
        EndpointName = OrderCompletedConsumer.QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<OrderCompletedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        LedgerEndpointConventions.Apply(endpointConfigurator, context, InboxName, ConsumedContract.Of<OrderCompletedConsumer>());
    }
}

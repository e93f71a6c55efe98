using MassTransit;
using Messaging.Processing.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Earning;

/// <summary>Endpoint policy for <see cref="OrderCompletedConsumer"/>: the ledger endpoint conventions.</summary>
public sealed class OrderCompletedConsumerDefinition : ConsumerDefinition<OrderCompletedConsumer>
{
    private readonly EndpointOptions _endpoint;

    public OrderCompletedConsumerDefinition(IOptions<EndpointOptions> endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint.Value;
        EndpointName = OrderCompletedConsumer.QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<OrderCompletedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        LedgerEndpointConventions.Apply(endpointConfigurator, _endpoint);
    }
}

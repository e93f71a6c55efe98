using MassTransit;
using Messaging.Processing.Hosting;

namespace Messaging.Processing.Tenants;

/// <summary>Endpoint policy for <see cref="AllocateToTenantConsumer"/>: the ledger endpoint conventions.</summary>
public sealed class AllocateToTenantConsumerDefinition : ConsumerDefinition<AllocateToTenantConsumer>
{
    /// <summary>The endpoint's name in the inbox (<see cref="Inbox.InboxConsumer"/>); never change it.</summary>
    public const string InboxName = "allocate-to-tenant";

    public AllocateToTenantConsumerDefinition()
    {
        EndpointName = AllocateToTenantConsumer.QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<AllocateToTenantConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        LedgerEndpointConventions.Apply(endpointConfigurator, context, InboxName, ConsumedContract.Of<AllocateToTenantConsumer>());
    }
}

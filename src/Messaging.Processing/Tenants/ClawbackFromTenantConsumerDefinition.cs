using MassTransit;
using Messaging.Processing.Hosting;

namespace Messaging.Processing.Tenants;

/// <summary>Endpoint policy for <see cref="ClawbackFromTenantConsumer"/>: the ledger endpoint conventions.</summary>
public sealed class ClawbackFromTenantConsumerDefinition : ConsumerDefinition<ClawbackFromTenantConsumer>
{
    /// <summary>The endpoint's name in the inbox (<see cref="Inbox.InboxConsumer"/>); never change it.</summary>
    public const string InboxName = "clawback-from-tenant";

    public ClawbackFromTenantConsumerDefinition()
    {
        EndpointName = ClawbackFromTenantConsumer.QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ClawbackFromTenantConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        LedgerEndpointConventions.Apply(endpointConfigurator, context, InboxName, ConsumedContract.Of<ClawbackFromTenantConsumer>());
    }
}

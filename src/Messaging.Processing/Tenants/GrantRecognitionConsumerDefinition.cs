using MassTransit;
using Messaging.Processing.Hosting;

namespace Messaging.Processing.Tenants;

/// <summary>Endpoint policy for <see cref="GrantRecognitionConsumer"/>: the ledger endpoint conventions.</summary>
public sealed class GrantRecognitionConsumerDefinition : ConsumerDefinition<GrantRecognitionConsumer>
{
    /// <summary>The endpoint's name in the inbox (<see cref="Inbox.InboxConsumer"/>); never change it.</summary>
    public const string InboxName = "grant-recognition";

    public GrantRecognitionConsumerDefinition()
    {
        EndpointName = GrantRecognitionConsumer.QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<GrantRecognitionConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        LedgerEndpointConventions.Apply(endpointConfigurator, context, InboxName, ConsumedContract.Of<GrantRecognitionConsumer>());
    }
}

using MassTransit;
using Messaging.Processing.Hosting;

namespace Messaging.Processing.Quotas;

/// <summary>Endpoint policy for <see cref="TokensDeductRequestedConsumer"/>: the ledger endpoint conventions.</summary>
public sealed class TokensDeductRequestedConsumerDefinition : ConsumerDefinition<TokensDeductRequestedConsumer>
{
    /// <summary>The endpoint's name in the inbox (<see cref="Inbox.InboxConsumer"/>); never change it.</summary>
    public const string InboxName = "tokens-deduct-requested";

    public TokensDeductRequestedConsumerDefinition()
    {
        EndpointName = TokensDeductRequestedConsumer.QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TokensDeductRequestedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        LedgerEndpointConventions.Apply(endpointConfigurator, context, InboxName, ConsumedContract.Of<TokensDeductRequestedConsumer>());
    }
}

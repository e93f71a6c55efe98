using MassTransit;
using Messaging.Processing.Transactions;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Hosting;

/// <summary>
/// Endpoint policy for a consumer that writes through its message's transaction: the ledger endpoint
/// conventions plus <see cref="MessageTransactionFilter{TMessage}"/> (inbox, transaction, outbox).
/// </summary>
public abstract class TransactionalConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private readonly EndpointOptions _endpoint;

    protected TransactionalConsumerDefinition(IOptions<EndpointOptions> endpoint, string queueName)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint.Value;
        EndpointName = queueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        LedgerEndpointConventions.Apply(endpointConfigurator, _endpoint);
        endpointConfigurator.UseConsumeFilter(typeof(MessageTransactionFilter<>), context);
    }
}

using MassTransit;
using Messaging.Ledger.Redemptions;
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
    private readonly int _concurrentMessageLimit;
    private readonly string _inboxName;

    protected TransactionalConsumerDefinition(IOptions<RedemptionOptions> redemptions, string queueName, string inboxName)
    {
        ArgumentNullException.ThrowIfNull(redemptions);
        _concurrentMessageLimit = redemptions.Value.ConcurrentMessageLimit;
        EndpointName = queueName;
        _inboxName = inboxName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        LedgerEndpointConventions.Apply(endpointConfigurator, context, _inboxName, ConsumedContract.Of<TConsumer>());

        // Each message in flight holds a database connection for its whole transaction: bound them well
        // below the connection pool, or the pool runs dry and every message waits on it.
        endpointConfigurator.ConcurrentMessageLimit = _concurrentMessageLimit;
        endpointConfigurator.UseConsumeFilter(typeof(MessageTransactionFilter<>), context);
    }
}

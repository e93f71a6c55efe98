using MassTransit;
using Messaging.Contracts;
using Messaging.Operations.Endpoints;
using Messaging.Operations.Partitions;
using Messaging.Processing.Pipeline.Transactions;

namespace Messaging.Processing.Pipeline.Hosting;

// A consumer that writes in its own message's transaction (MessageTransactionFilter) rather than through the group commit gets that
// transaction here too.
public abstract class LedgerConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private readonly LedgerEndpoint _endpoint;
    private readonly int? _ownTransactions;
    private readonly int? _partition;

    /// <summary>
    /// <paramref name="ownTransactions"/>, for a consumer that writes in its own message's transaction: how many messages may be in flight
    /// at once. Each holds a database connection for its whole transaction, so keep this well below the connection pool.
    /// <paramref name="partition"/>: the partition whose queue this processor consumes instead of the shared one (Partitioning:Partition).
    /// </summary>
    protected LedgerConsumerDefinition(LedgerEndpoint endpoint, int? ownTransactions = null, int? partition = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var consumed = ConsumedContract.Of<TConsumer>();
        if (endpoint.SoleContract != consumed)
        {
            throw new InvalidOperationException(
                $"{typeof(TConsumer).Name} consumes {consumed.Name}, but its endpoint {endpoint.Queue} "
                    + $"carries {endpoint.SoleContract?.Name ?? "several"}."
            );
        }

        _endpoint = endpoint;
        _ownTransactions = ownTransactions;
        _partition = partition;
        EndpointName = partition is { } p ? LedgerPartitions.QueueOf(endpoint, p) : endpoint.Queue;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context
    )
    {
        LedgerEndpointConventions.Apply(endpointConfigurator, context, _endpoint.Inbox, _endpoint.SoleContract);
        if (_partition is not null && endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            BindPartitionQueue(rabbit);
        }

        if (_ownTransactions is { } limit)
        {
            endpointConfigurator.ConcurrentMessageLimit = limit;
            endpointConfigurator.UseConsumeFilter(typeof(MessageTransactionFilter<>), context);
        }
    }

    // contract's exchange (fanout, as producers publish) → consistent-hash exchange → this partition's endpoint exchange → its queue. The
    // queue is bound only so: bound to the contract's exchange as well, it would take every partition's messages. Its arguments (a single
    // active consumer) are QueueArguments'.
    private void BindPartitionQueue(IRabbitMqReceiveEndpointConfigurator rabbit)
    {
        rabbit.ConfigureConsumeTopology = false;
        rabbit.Bind(LedgerPartitions.ExchangeOf(_endpoint), ring =>
        {
            ring.ExchangeType = LedgerPartitions.ConsistentHashExchangeType;
            ring.RoutingKey = LedgerPartitions.BindingWeight;
            ring.Bind(ContractExchanges.ExchangeFor(_endpoint.SoleContract!), contract => contract.ExchangeType = "fanout");
        });
    }
}

using MassTransit;
using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Transactions;

namespace Messaging.Processing.Pipeline.Hosting;

// A consumer that writes in its own message's transaction (MessageTransactionFilter) rather than through the group commit gets that
// transaction here too.
public abstract class LedgerConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private readonly LedgerEndpoint _endpoint;
    private readonly int? _ownTransactions;

    /// <summary>
    /// <paramref name="ownTransactions"/>, for a consumer that writes in its own message's transaction: how many messages may be in flight
    /// at once. Each holds a database connection for its whole transaction, so keep this well below the connection pool.
    /// </summary>
    protected LedgerConsumerDefinition(LedgerEndpoint endpoint, int? ownTransactions = null)
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
        EndpointName = endpoint.Queue;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context
    )
    {
        LedgerEndpointConventions.Apply(endpointConfigurator, context, _endpoint.Inbox, _endpoint.SoleContract);
        if (_ownTransactions is { } limit)
        {
            endpointConfigurator.ConcurrentMessageLimit = limit;
            endpointConfigurator.UseConsumeFilter(typeof(MessageTransactionFilter<>), context);
        }
    }
}

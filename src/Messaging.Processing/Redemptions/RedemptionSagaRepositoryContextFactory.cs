using MassTransit;
using MassTransit.Saga;
using Messaging.Processing.Pipeline.Transactions;

namespace Messaging.Processing.Redemptions;

// Opens no transaction of its own: it works in the consumed message's MessageTransaction, so the saga's state, its ledger steps, its
// inbox claim and the messages it publishes commit together.
internal sealed class RedemptionSagaRepositoryContextFactory(
    ISagaConsumeContextFactory<MessageTransaction, RedemptionState> consumeContexts
) : ISagaRepositoryContextFactory<RedemptionState>
{
    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<RedemptionState, T>> next)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var transaction = context.TryGetPayload<MessageTransaction>(out var found)
            ? found
            : throw new InvalidOperationException("The redemption saga's endpoint must run MessageTransactionFilter before the saga.");
        return next.Send(new RedemptionSagaRepositoryContext<T>(context, transaction, consumeContexts));
    }

    public Task SendQuery<T>(
        ConsumeContext<T> context,
        ISagaQuery<RedemptionState> query,
        IPipe<SagaRepositoryQueryContext<RedemptionState, T>> next
    )
        where T : class => throw new NotSupportedException("Redemption events correlate by redemption id; queries are not supported.");

    public void Probe(ProbeContext context) => context?.Add("persistence", "postgresql");
}

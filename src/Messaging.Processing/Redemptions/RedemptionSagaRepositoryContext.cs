using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Messaging.Ledger.Redemptions;
using Messaging.Processing.Pipeline.Faults;
using Messaging.Processing.Pipeline.Transactions;

namespace Messaging.Processing.Redemptions;

// Works inside the message's transaction.
internal sealed class RedemptionSagaRepositoryContext<TMessage>
    : ConsumeContextScope<TMessage>,
        SagaRepositoryContext<RedemptionState, TMessage>
    where TMessage : class
{
    private readonly ConsumeContext<TMessage> _context;
    private readonly MessageTransaction _transaction;
    private readonly ISagaConsumeContextFactory<MessageTransaction, RedemptionState> _consumeContexts;

    public RedemptionSagaRepositoryContext(
        ConsumeContext<TMessage> context,
        MessageTransaction transaction,
        ISagaConsumeContextFactory<MessageTransaction, RedemptionState> consumeContexts
    )
        : base(context)
    {
        _context = context;
        _transaction = transaction;
        _consumeContexts = consumeContexts;
    }

    public Task<SagaConsumeContext<RedemptionState, T>> CreateSagaConsumeContext<T>(
        ConsumeContext<T> consumeContext,
        RedemptionState instance,
        SagaConsumeContextMode mode
    )
        where T : class => _consumeContexts.CreateSagaConsumeContext(_transaction, consumeContext, instance, mode);

    // A redemption's saga row is written by the group commit that decides its request (RedemptionRequests), never by the saga: the state
    // machine has no initial event, so these are never called.
    public Task<SagaConsumeContext<RedemptionState, TMessage>> Add(RedemptionState instance) => throw StartsInTheGroupCommit();

    public Task<SagaConsumeContext<RedemptionState, TMessage>> Insert(RedemptionState instance) => throw StartsInTheGroupCommit();

    public async Task<SagaConsumeContext<RedemptionState, TMessage>> Load(Guid correlationId)
    {
        var instance = await RedemptionSagaStore.LoadAsync<RedemptionState>(_transaction.Connection, correlationId, CancellationToken);
        return instance is null
            ? null!
            : await _consumeContexts.CreateSagaConsumeContext(_transaction, _context, instance, SagaConsumeContextMode.Load);
    }

    public Task Save(SagaConsumeContext<RedemptionState> context) => throw StartsInTheGroupCommit();

    public async Task Update(SagaConsumeContext<RedemptionState> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!await RedemptionSagaStore.UpdateAsync(_transaction.Connection, context.Saga, CancellationToken))
        {
            throw new ConcurrentUpdateException(
                $"Redemption {context.Saga.CorrelationId} changed since version {context.Saga.Version} was read."
            );
        }
    }

    private static NotSupportedException StartsInTheGroupCommit() =>
        new("A redemption's saga row is written by the group commit that decides its request, not by the saga.");

    public Task Delete(SagaConsumeContext<RedemptionState> context) =>
        throw new NotSupportedException("Redemption sagas are kept after their outcome so a repeated request finds it.");

    public Task Discard(SagaConsumeContext<RedemptionState> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<RedemptionState> context) => Task.CompletedTask;
}

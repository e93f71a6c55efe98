using System.Text.Json;
using MassTransit;
using Messaging.Ledger.Writing;
using Messaging.Processing.Faults;

namespace Messaging.Processing.Transactions;

/// <summary>
/// What consumers call to change the ledger. The message's inbox claim, the ledger change and the
/// outcome message (through the outbox) commit in one transaction; a duplicate is returned as an
/// outcome, and a conflict is raised as a <see cref="MessageRejectedException"/> after it was recorded.
/// </summary>
public sealed class TransactionalLedger
{
    private readonly GroupCommitter _committer;

    internal TransactionalLedger(GroupCommitter committer) => _committer = committer;

    /// <param name="context">The message being consumed; its message id and its endpoint's <see cref="Inbox.InboxConsumer"/> are the inbox key.</param>
    /// <param name="command">The ledger change the message asks for.</param>
    /// <param name="outcomeMessage">The message to publish when the change is applied or refused, or null for none.</param>
    public Task<LedgerOutcome> ApplyAsync<TMessage>(
        ConsumeContext<TMessage> context,
        LedgerCommand command,
        Func<LedgerOutcome, object?> outcomeMessage)
        where TMessage : class =>
        ApplyAsync(context, command, outcome => outcomeMessage(outcome) is { } message ? [message] : (IReadOnlyList<object>)[]);

    /// <param name="context">The message being consumed; its message id and its endpoint's <see cref="Inbox.InboxConsumer"/> are the inbox key.</param>
    /// <param name="command">The ledger change the message asks for.</param>
    /// <param name="outcomeMessages">The messages to publish when the change is applied or refused (an answer and alerts, say).</param>
    public async Task<LedgerOutcome> ApplyAsync<TMessage>(
        ConsumeContext<TMessage> context,
        LedgerCommand command,
        Func<LedgerOutcome, IReadOnlyList<object>> outcomeMessages)
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var messageId = context.MessageId
            ?? throw new MessageRejectedException("missing_message_id",
                $"{typeof(TMessage).Name} has no message id, so duplicates could not be recognised. Set the AMQP message_id property (a UUID) when publishing.");

        var delivered = context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery);
        var item = new LedgerWorkItem(messageId, Inbox.InboxConsumer.Of(context), command with { SourceMessageId = messageId }, outcomeMessages,
            () => JsonSerializer.Serialize(context.Message, Outbox.OutboxStore.Json), delivered ? delivery!.ConsumerTag : "", delivered ? delivery!.DeliveryTag : 0);
        var outcome = await _committer.SubmitAsync(item, context.CancellationToken);
        return outcome.Kind == LedgerOutcomeKind.Conflict
            ? throw new MessageRejectedException("idempotency_conflict", outcome.Reason!)
            : outcome;
    }
}

using System.Text.Json;
using MassTransit;
using Messaging.Contracts;
using Messaging.Ledger.Writing;

namespace Messaging.Processing.Pipeline.Transactions;

/// <summary>
/// The message's inbox claim, the ledger change and the outcome message (through the outbox) commit in one transaction. A duplicate is
/// returned as an outcome; a conflict or a rejection (an issuer's daily cap) is recorded, then raised as a
/// <see cref="MessageRejectedException"/>.
/// </summary>
public sealed class TransactionalLedger
{
    private readonly GroupCommitter _committer;
    private readonly LedgerWrites _writes;
    private readonly Npgsql.NpgsqlDataSource _dataSource;
    private readonly Outbox.OutboxDispatcher _outbox;
    private readonly Microsoft.Extensions.Options.IOptions<Outbox.OutboxOptions> _outboxOptions;

    internal TransactionalLedger(
        GroupCommitter committer,
        LedgerWrites writes,
        Npgsql.NpgsqlDataSource dataSource,
        Outbox.OutboxDispatcher outbox,
        Microsoft.Extensions.Options.IOptions<Outbox.OutboxOptions> outboxOptions
    )
    {
        _committer = committer;
        _writes = writes;
        _dataSource = dataSource;
        _outbox = outbox;
        _outboxOptions = outboxOptions;
    }

    /// <summary>
    /// For a request asked twice whose answer the ledger recorded the first time: published the way every outcome is (an outbox row, plain
    /// JSON, a stable message id).
    /// </summary>
    public async Task AnswerAgainAsync<TMessage>(ConsumeContext<TMessage> context, object answer)
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<Outbox.PendingOutboxMessage> published;
        await using (var connection = await _dataSource.OpenConnectionAsync(context.CancellationToken))
        {
            published = await Outbox.OutboxWriter.InsertAsync(
                connection,
                [new Outbox.OutgoingMessage(NewId.NextGuid(), answer, null, context.MessageId, Inbox.InboxConsumer.Of(context))],
                _outboxOptions.Value.Lease,
                context.CancellationToken
            );
        }

        _outbox.Enqueue(published);
    }

    /// <summary><paramref name="outcomeMessage"/> is published when the change is applied or refused; null for none.</summary>
    public Task<LedgerOutcome> ApplyAsync<TMessage>(
        ConsumeContext<TMessage> context,
        LedgerWrite command,
        Func<LedgerOutcome, object?> outcomeMessage
    )
        where TMessage : class =>
        ApplyAsync(context, command, outcome => outcomeMessage(outcome) is { } message ? [message] : (IReadOnlyList<object>)[]);

    /// <summary><paramref name="outcomeMessages"/> are published when the change is applied or refused (an answer and alerts,
    /// say).</summary>
    public async Task<LedgerOutcome> ApplyAsync<TMessage>(
        ConsumeContext<TMessage> context,
        LedgerWrite command,
        Func<LedgerOutcome, IReadOnlyList<object>> outcomeMessages
    )
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var messageId = MessageIdOf(context);
        var item = new LedgerWorkItem(
            _writes,
            typeof(TMessage).Name,
            messageId,
            Inbox.InboxConsumer.Of(context),
            command with
            {
                SourceMessageId = messageId,
                TraceId = TraceIds.Current(),
            },
            outcomeMessages,
            () => JsonSerializer.Serialize(context.Message, Outbox.OutboxWriter.Json),
            ChannelDelivery.Of(context.ReceiveContext)
        );
        return await SubmitAsync(item, context.CancellationToken);
    }

    /// <summary>For a feature's own kind of work (a redemption request): decided in the group commit with others of its kind.</summary>
    internal async Task<LedgerOutcome> SubmitAsync(CommitWorkItem item, CancellationToken cancellationToken)
    {
        var outcome = await _committer.SubmitAsync(item, cancellationToken);
        return outcome.Kind is LedgerOutcomeKind.Conflict or LedgerOutcomeKind.Rejected
            ? throw new MessageRejectedException(outcome.RefusalCode!, outcome.Reason!)
            : outcome;
    }

    internal static Guid MessageIdOf<TMessage>(ConsumeContext<TMessage> context)
        where TMessage : class =>
        context.MessageId
        ?? throw new MessageRejectedException(
            "missing_message_id",
            $"{typeof(TMessage).Name} has no message id, so duplicates could not be recognised. Set the "
                + "AMQP message_id property (a UUID) when publishing."
        );
}

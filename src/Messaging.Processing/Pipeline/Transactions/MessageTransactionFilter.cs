using MassTransit;
using Messaging.Contracts;
using Messaging.Ledger.Inbox;
using Messaging.Processing.Pipeline.Diagnostics;
using Messaging.Processing.Pipeline.Inbox;
using Messaging.Processing.Pipeline.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Processing.Pipeline.Transactions;

// A duplicate is acknowledged without effect; everything the message changes and everything it publishes commits together, and the
// published messages leave only after the commit. A failure rolls it all back.
internal sealed partial class MessageTransactionFilter<TMessage>(
    NpgsqlDataSource dataSource,
    OutboxDispatcher outbox,
    CrashPoints crashPoints,
    IOptions<OutboxOptions> outboxOptions,
    ILogger<MessageTransactionFilter<TMessage>> logger
) : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var messageId = context.MessageId
            ?? throw new MessageRejectedException(
                "missing_message_id",
                $"{typeof(TMessage).Name} has no message id, so duplicates could not be recognised. Set the "
                    + "AMQP message_id property (a UUID) when publishing."
            );
        var consumerId = InboxConsumer.Of(context);

        IReadOnlyList<PendingOutboxMessage> published;
        await using (var connection = await dataSource.OpenConnectionAsync(context.CancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(context.CancellationToken))
        {
            var claimed = await InboxStore.ClaimAsync(connection, [(messageId, consumerId)], context.CancellationToken);
            if (claimed.Count == 0)
            {
                LogDuplicate(typeof(TMessage).Name, messageId, consumerId);
                return;
            }

            var scope = new MessageTransaction(connection, messageId, consumerId);
            var capturing = new OutboxConsumeContext<TMessage>(context, scope);
            capturing.GetOrAddPayload(() => scope);
            await next.Send(capturing);

            published = await OutboxWriter.InsertAsync(
                connection,
                capturing.Captured,
                outboxOptions.Value.Lease,
                context.CancellationToken
            );
            crashPoints.Reached($"BeforeCommit:{typeof(TMessage).Name}");
            await transaction.CommitAsync(context.CancellationToken);
        }

        crashPoints.Reached($"AfterCommit:{typeof(TMessage).Name}");
        outbox.Enqueue(published);
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("messageTransaction");

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "{MessageType} {MessageId} was already consumed by {ConsumerId}; acknowledged without effect"
    )]
    private partial void LogDuplicate(string messageType, Guid messageId, string consumerId);
}

using System.Diagnostics;
using MassTransit;
using MassTransit.Context;
using Messaging.Processing.Pipeline.Inbox;
using Microsoft.Extensions.Logging;

namespace Messaging.Processing.Pipeline.Transactions;

// As MessageTransactionFilter, but the message's transaction is its group commit's (GroupCommitter): the rest of its pipe (a saga step)
// runs there, after the messages delivered before it, and commits with them. A consumer that writes through its own connection holds it
// while it waits; one in a group commit holds nothing, so many can wait to share one transaction and one commit.
internal sealed partial class GroupCommitFilter<TMessage>(GroupCommitter committer, ILogger<GroupCommitFilter<TMessage>> logger)
    : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var messageId = RequiredMessageId.Of(context);
        var consumerId = InboxConsumer.Of(context);
        var span = Activity.Current;
        var item = new PipelineWorkItem(
            typeof(TMessage).Name,
            messageId,
            consumerId,
            ChannelDelivery.Of(context.ReceiveContext),
            async connection =>
            {
                // The committer runs this on its own flow: what the pipe publishes continues the consumer's trace.
                Activity.Current = span;
                var transaction = new MessageTransaction(connection, messageId, consumerId);
                // A scope of its own per run, so a second run (alone, after its batch failed) never finds the first run's transaction.
                var capturing = new OutboxConsumeContext<TMessage>(new ConsumeContextScope<TMessage>(context, transaction), transaction);
                await next.Send(capturing);
                return capturing.Captured;
            }
        );
        var outcome = await committer.SubmitAsync(item, context.CancellationToken);
        if (outcome.Kind == Ledger.Writing.LedgerOutcomeKind.AlreadyApplied)
        {
            LogDuplicate(typeof(TMessage).Name, messageId, consumerId);
        }
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("groupCommit");

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "{MessageType} {MessageId} was already consumed by {ConsumerId}; acknowledged without effect"
    )]
    private partial void LogDuplicate(string messageType, Guid messageId, string consumerId);
}

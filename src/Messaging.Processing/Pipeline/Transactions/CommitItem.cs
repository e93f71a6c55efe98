using Messaging.Ledger.Writing;

namespace Messaging.Processing.Pipeline.Transactions;

// One consumed message's share of a group commit (GroupCommitter): its inbox claim, and either a ledger command the batch writer applies
// with the batch's others (LedgerWorkItem) or the rest of its consume pipe, run in the batch's transaction (PipelineWorkItem).
internal abstract class CommitItem(string messageType, Guid messageId, string consumerId, ChannelDelivery delivery)
{
    private readonly TaskCompletionSource<LedgerOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>For metrics.</summary>
    public string MessageType { get; } = messageType;

    public Guid MessageId { get; } = messageId;
    public string ConsumerId { get; } = consumerId;

    public ChannelDelivery Delivery { get; } = delivery;

    /// <summary>The consumer's span, taken where the message is consumed: what it publishes continues this trace.</summary>
    public string? TraceParent { get; } = TraceIds.CurrentParent();

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long SubmittedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public Task<LedgerOutcome> Completion => _completion.Task;

    public void Complete(LedgerOutcome outcome) => _completion.TrySetResult(outcome);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}

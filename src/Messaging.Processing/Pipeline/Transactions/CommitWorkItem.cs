using Messaging.Ledger.Writing;

namespace Messaging.Processing.Pipeline.Transactions;

// One consumed message handed to the group commit: what every kind of work shares. Its consumer awaits the outcome, so the message is
// acknowledged only after its transaction commits.
internal abstract class CommitWorkItem(
    ICommitWork work,
    string messageType,
    Guid messageId,
    string consumerId,
    Func<string> payloadJson,
    ChannelDelivery delivery
)
{
    /// <summary>What applies it; the items of one batch share it.</summary>
    public ICommitWork Work { get; } = work;

    private readonly TaskCompletionSource<LedgerOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>For metrics.</summary>
    public string MessageType { get; } = messageType;

    public Guid MessageId { get; } = messageId;
    public string ConsumerId { get; } = consumerId;

    public ChannelDelivery Delivery { get; } = delivery;

    /// <summary>The consumer's span, taken where the message is consumed: what it publishes continues this trace.</summary>
    public string? TraceParent { get; } = TraceIds.CurrentParent();

    /// <summary>Recorded only if the ledger refuses it.</summary>
    public Func<string> PayloadJson { get; } = payloadJson;

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long SubmittedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public Task<LedgerOutcome> Completion => _completion.Task;

    public void Complete(LedgerOutcome outcome) => _completion.TrySetResult(outcome);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}

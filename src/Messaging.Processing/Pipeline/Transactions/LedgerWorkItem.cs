using Messaging.Ledger.Writing;

namespace Messaging.Processing.Pipeline.Transactions;

internal sealed class LedgerWorkItem(
    string messageType,
    Guid messageId,
    string consumerId,
    LedgerWrite command,
    Func<LedgerOutcome, IReadOnlyList<object>> outcomeMessages,
    Func<string> payloadJson,
    ChannelDelivery delivery
)
{
    private readonly TaskCompletionSource<LedgerOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>For metrics.</summary>
    public string MessageType { get; } = messageType;

    public Guid MessageId { get; } = messageId;
    public string ConsumerId { get; } = consumerId;
    public LedgerWrite Command { get; } = command;

    public ChannelDelivery Delivery { get; } = delivery;

    /// <summary>The consumer's span, taken where the message is consumed: what it publishes continues this trace.</summary>
    public string? TraceParent { get; } = TraceIds.CurrentParent();

    /// <summary>Builds the messages to publish when the command is applied or refused.</summary>
    public Func<LedgerOutcome, IReadOnlyList<object>> OutcomeMessages { get; } = outcomeMessages;

    /// <summary>Recorded only if the ledger refuses it.</summary>
    public Func<string> PayloadJson { get; } = payloadJson;

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long SubmittedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public Task<LedgerOutcome> Completion => _completion.Task;

    public void Complete(LedgerOutcome outcome) => _completion.TrySetResult(outcome);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}

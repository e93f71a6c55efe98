using Messaging.Ledger.Writing;

namespace Messaging.Processing.Transactions;

/// <summary>One consumed message's ledger work, waiting for the group commit that will carry it.</summary>
internal sealed class LedgerWorkItem(
    string messageType,
    Guid messageId,
    string consumerId,
    LedgerCommand command,
    Func<LedgerOutcome, IReadOnlyList<object>> outcomeMessages,
    Func<string> payloadJson,
    string consumerTag,
    ulong deliveryTag)
{
    private readonly TaskCompletionSource<LedgerOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The consumed contract's name (OrderCompleted), for metrics.</summary>
    public string MessageType { get; } = messageType;

    public Guid MessageId { get; } = messageId;
    public string ConsumerId { get; } = consumerId;
    public LedgerCommand Command { get; } = command;

    /// <summary>The RabbitMQ consumer it was delivered to ("" when not from RabbitMQ): <see cref="DeliveryTag"/> counts per consumer.</summary>
    public string ConsumerTag { get; } = consumerTag;

    /// <summary>The broker's delivery tag: its order of delivery on the consumer's channel (0 when not from RabbitMQ).</summary>
    public ulong DeliveryTag { get; } = deliveryTag;

    /// <summary>Builds the messages to publish when the command is applied or refused.</summary>
    public Func<LedgerOutcome, IReadOnlyList<object>> OutcomeMessages { get; } = outcomeMessages;

    /// <summary>The consumed message as JSON, recorded only if the ledger refuses it.</summary>
    public Func<string> PayloadJson { get; } = payloadJson;

    /// <summary>When the item reached the committer (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
    public long SubmittedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public Task<LedgerOutcome> Completion => _completion.Task;

    public void Complete(LedgerOutcome outcome) => _completion.TrySetResult(outcome);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}

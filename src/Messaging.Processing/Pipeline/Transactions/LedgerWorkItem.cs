using Messaging.Ledger.Writing;

namespace Messaging.Processing.Pipeline.Transactions;

// A ledger write (an order's points, a deduction, an allocation…) applied by the ledger's batch writer.
internal sealed class LedgerWorkItem(
    LedgerWrites work,
    string messageType,
    Guid messageId,
    string consumerId,
    LedgerWrite command,
    Func<LedgerOutcome, IReadOnlyList<object>> outcomeMessages,
    Func<string> payloadJson,
    ChannelDelivery delivery
) : CommitWorkItem(work, messageType, messageId, consumerId, payloadJson, delivery)
{
    public LedgerWrite Command { get; } = command;

    /// <summary>Builds the messages to publish when the command is applied or refused.</summary>
    public Func<LedgerOutcome, IReadOnlyList<object>> OutcomeMessages { get; } = outcomeMessages;
}

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
) : CommitItem(messageType, messageId, consumerId, delivery)
{
    public LedgerWrite Command { get; } = command;

    /// <summary>Builds the messages to publish when the command is applied or refused.</summary>
    public Func<LedgerOutcome, IReadOnlyList<object>> OutcomeMessages { get; } = outcomeMessages;

    /// <summary>Recorded only if the ledger refuses it.</summary>
    public Func<string> PayloadJson { get; } = payloadJson;
}

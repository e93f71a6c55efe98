using Messaging.Ledger.Refusals;
using Messaging.Ledger.Writing;
using Messaging.Processing.Pipeline.Outbox;

namespace Messaging.Processing.Pipeline.Transactions;

// What one group commit decided for each of its messages, and what that means for the rows it writes besides the ledger's own: refusals
// on record, inbox claims to release, messages to publish through the outbox.
internal sealed class CommitDecisions(int count)
{
    public LedgerOutcome[] Outcomes { get; } = new LedgerOutcome[count];

    /// <summary>Dead-lettered: their claims are released, so a replay of the same message can apply.</summary>
    public List<RefusalRecord> Conflicts { get; } = [];

    /// <summary>The rules said no: handled (the claim stays) and answered, and on record.</summary>
    public List<RefusalRecord> Refusals { get; } = [];

    public List<OutgoingMessage> Outgoing { get; } = [];

    // recordRefusal: false where the refusal is on record elsewhere (a rejected redemption's saga).
    public void Decide(int index, CommitWorkItem item, string idempotencyKey, LedgerOutcome outcome, bool recordRefusal = true)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(outcome);
        Outcomes[index] = outcome;
        if (outcome.Kind is LedgerOutcomeKind.Conflict or LedgerOutcomeKind.Rejected)
        {
            Conflicts.Add(RefusalOf(item, idempotencyKey, outcome));
        }
        else if (outcome.Kind == LedgerOutcomeKind.Refused && recordRefusal)
        {
            Refusals.Add(RefusalOf(item, idempotencyKey, outcome));
        }
    }

    // destination: an exchange to send it to; null for its type's exchange.
    public void Publish(CommitWorkItem item, object message, string? destination = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        Outgoing.Add(
            new OutgoingMessage(MassTransit.NewId.NextGuid(), message, destination, item.MessageId, item.ConsumerId, item.TraceParent)
        );
    }

    private static RefusalRecord RefusalOf(CommitWorkItem item, string idempotencyKey, LedgerOutcome outcome) =>
        new(item.MessageId, item.ConsumerId, idempotencyKey, outcome.RefusalCode!, outcome.Reason!, item.PayloadJson());
}

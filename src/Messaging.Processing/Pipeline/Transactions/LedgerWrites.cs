using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.Processing.Pipeline.Transactions;

// Ledger writes in the group commit (an order's points, a deduction, an allocation…): the ledger's batch writer applies them, and each
// applied or refused one publishes its outcome messages.
internal sealed class LedgerWrites(LedgerBatchWriter writer) : ICommitWork
{
    public async Task ApplyAsync(
        NpgsqlConnection connection,
        IReadOnlyList<(int Index, CommitWorkItem Item)> items,
        CommitDecisions decisions,
        CancellationToken cancellationToken
    )
    {
        var writes = items.Select(i => (i.Index, Item: (LedgerWorkItem)i.Item)).ToList();
        var applied = await writer.ApplyAsync(connection, writes.Select(i => i.Item.Command).ToList(), cancellationToken);
        for (var n = 0; n < writes.Count; n++)
        {
            var (index, item) = writes[n];
            var outcome = applied[n];
            decisions.Decide(index, item, item.Command.Primary.IdempotencyKey, outcome);
            if (outcome.Kind is LedgerOutcomeKind.Refused or LedgerOutcomeKind.Applied)
            {
                foreach (var message in item.OutcomeMessages(outcome))
                {
                    decisions.Publish(item, message);
                }
            }
        }
    }
}

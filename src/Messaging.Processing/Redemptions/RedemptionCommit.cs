using Messaging.Ledger.Expiry;
using Messaging.Ledger.Fulfilment;
using Messaging.Ledger.Redemptions;
using Messaging.Ledger.Writing;
using Messaging.Operations.Endpoints;
using Messaging.Processing.Expiry;
using Messaging.Processing.Pipeline.Transactions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Processing.Redemptions;

// A batch of RedeemRequested in the group commit: the ledger's RedemptionRequests decides and writes them; this turns each decision into
// the consumer's outcome and the messages it sends. What waits afterwards (an external fulfilment's answer, a deadline) is the saga's.
internal sealed class RedemptionCommit(PointsExpiry expiry, IOptions<RedemptionOptions> options, TimeProvider clock) : ICommitWork
{
    public async Task ApplyAsync(
        NpgsqlConnection connection,
        IReadOnlyList<(int Index, CommitWorkItem Item)> batch,
        CommitDecisions decisions,
        CancellationToken cancellationToken
    )
    {
        var items = batch.Select(i => (i.Index, Item: (RedemptionWorkItem)i.Item)).ToList();
        if (items.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var decided = await RedemptionRequests.ApplyAsync(
            connection,
            [.. items.Select(i => i.Item.Request)],
            RedemptionTerms.At(now, options.Value),
            expiry,
            cancellationToken
        );
        for (var n = 0; n < items.Count; n++)
        {
            var (index, item) = items[n];
            var decision = decided[n];
            var key = RedemptionSteps.HoldKey(item.Request.RedemptionId);

            // Expired with the batch's writes, whatever this request's own decision: announced if and only if they commit.
            foreach (var lot in decision.Expired)
            {
                decisions.Publish(item, PointsExpirySweeper.Announcement(lot, now));
            }

            switch (decision.Kind)
            {
                case RedemptionDecisionKind.Repeated:
                    decisions.Decide(index, item, key, LedgerOutcome.AlreadyApplied);
                    break;
                case RedemptionDecisionKind.Conflict:
                    decisions.Decide(index, item, key, LedgerOutcome.Conflicted(decision.Detail));
                    break;
                case RedemptionDecisionKind.Rejected:
                    // On record as the saga's row (Rejected): a repeated request finds it there.
                    decisions.Decide(
                        index,
                        item,
                        key,
                        LedgerOutcome.Refused(decision.Saga!.OutcomeReason!, decision.Detail),
                        recordRefusal: false
                    );
                    decisions.Publish(item, RedemptionOutcomeMessages.Rejected(decision.Saga, decision.Detail, now));
                    break;
                case RedemptionDecisionKind.AwaitingReward:
                    decisions.Decide(index, item, key, Applied(decision));
                    decisions.Publish(
                        item,
                        RedemptionOutcomeMessages.IssueReward(decision.Saga!, now),
                        FulfilmentQueues.For(decision.Saga!.FulfilmentKind!)
                    );
                    break;
                case RedemptionDecisionKind.Completed:
                    decisions.Decide(index, item, key, Applied(decision));
                    decisions.Publish(
                        item,
                        RedemptionOutcomeMessages.Completed(
                            decision.Saga!,
                            decision.Balance,
                            Vouchers.DetailsOf(decision.Saga!.RewardId),
                            decision.ExpiresAt!.Value,
                            now
                        )
                    );
                    break;
                default:
                    throw new InvalidOperationException($"Unknown redemption decision {decision.Kind}.");
            }
        }
    }

    private static LedgerOutcome Applied(RedemptionDecision decision) =>
        new(LedgerOutcomeKind.Applied, [], new Dictionary<string, long>(), decision.Detail);
}

using System.Globalization;
using MassTransit;
using Messaging.Contracts.Redemption;
using Messaging.Ledger.Redemptions;

namespace Messaging.Processing.Redemptions;

// What waits in a redemption, up to its single final outcome. The request itself is decided in the group commit (RedeemRequestedConsumer,
// the ledger's RedemptionRequests), which writes the saga's first state: Rejected, Completed (a voucher, issued and spent there) or
// AwaitingReward with its IssueReward sent. From there the saga spends the hold when the reward is issued (completed) or voids it
// (failed) when fulfilment cannot issue it or its deadline passes. Every step's ledger change, state and outgoing messages commit in one
// transaction.
//
// Late messages are decided by rule, never by timing: a stale deadline is ignored; a reward issued after the redemption failed is not
// charged and its revocation is requested once (RewardRevocationRequested).
public sealed class RedemptionStateMachine : MassTransitStateMachine<RedemptionState>
{
    public RedemptionStateMachine(IRedemptionLedger ledger, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(clock);

        InstanceState(x => x.CurrentState);

        Event(
            () => RewardIssued,
            e =>
            {
                e.CorrelateById(m => m.Message.RedemptionId);
                e.OnMissingInstance(m => m.Fault());
            }
        );
        Event(
            () => RewardIssueFailed,
            e =>
            {
                e.CorrelateById(m => m.Message.RedemptionId);
                e.OnMissingInstance(m => m.Fault());
            }
        );
        Event(
            () => DeadlinePassed,
            e =>
            {
                e.CorrelateById(m => m.Message.RedemptionId);
                e.OnMissingInstance(m => m.Discard());
            }
        );

        During(
            AwaitingReward,
            When(RewardIssued)
                .ThenAsync(async context =>
                {
                    context.Saga.VoucherCode = context.Message.VoucherCode;
                    context.Saga.RewardDetails = context.Message.Details;
                    var captured = await ledger.CaptureAsync(context, context.Saga, clock.GetUtcNow());
                    if (captured)
                    {
                        Finish(context.Saga, Outcomes.Completed, "redeemed", clock);
                    }
                    else
                    {
                        context.Saga.Detail = "The ledger had already voided the hold (it outlived its saga); no point was spent.";
                        await ledger.VoidAsync(context, context.Saga, FailureReasons.HoldExpired);
                        Finish(context.Saga, Outcomes.Failed, FailureReasons.HoldExpired, clock);
                        context.Saga.RevocationRequestedAt = clock.GetUtcNow();
                    }
                })
                .IfElse(
                    context => context.Saga.Outcome == Outcomes.Completed,
                    completed => completed.Publish(context => CompletedOutcome(context.Saga, clock)).TransitionTo(Completed),
                    expired =>
                        expired
                            .Publish(context => FailedOutcome(context.Saga, clock))
                            .Publish(context => Revocation(context.Saga, clock))
                            .TransitionTo(Failed)
                ),
            When(RewardIssueFailed)
                .ThenAsync(async context =>
                {
                    await ledger.VoidAsync(context, context.Saga, FailureReasons.FulfilmentFailed);
                    context.Saga.Detail = context.Message.Reason;
                    Finish(context.Saga, Outcomes.Failed, FailureReasons.FulfilmentFailed, clock);
                })
                .Publish(context => FailedOutcome(context.Saga, clock))
                .TransitionTo(Failed),
            When(DeadlinePassed, context => clock.GetUtcNow() >= context.Saga.DeadlineAt)
                .ThenAsync(async context =>
                {
                    await ledger.VoidAsync(context, context.Saga, FailureReasons.FulfilmentTimeout);
                    context.Saga.Detail =
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"Fulfilment '{context.Saga.FulfilmentKind}' did not answer by {context.Saga.DeadlineAt:O}; "
                        ) + "the held points were released.";
                    Finish(context.Saga, Outcomes.Failed, FailureReasons.FulfilmentTimeout, clock);
                })
                .Publish(context => FailedOutcome(context.Saga, clock))
                .TransitionTo(Failed)
        );

        During(
            Failed,
            When(RewardIssued, context => context.Saga.RevocationRequestedAt is null)
                .Then(context =>
                {
                    context.Saga.VoucherCode = context.Message.VoucherCode;
                    context.Saga.RevocationRequestedAt = clock.GetUtcNow();
                })
                .Publish(context => Revocation(context.Saga, clock)),
            Ignore(RewardIssued, context => context.Saga.RevocationRequestedAt is not null),
            Ignore(RewardIssueFailed),
            Ignore(DeadlinePassed)
        );

        During(Completed, Ignore(RewardIssued), Ignore(RewardIssueFailed), Ignore(DeadlinePassed));
        During(Rejected, Ignore(RewardIssued), Ignore(RewardIssueFailed), Ignore(DeadlinePassed));
    }

    public State AwaitingReward { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Failed { get; private set; } = null!;
    public State Rejected { get; private set; } = null!;

    public Event<RewardIssued> RewardIssued { get; private set; } = null!;
    public Event<RewardIssueFailed> RewardIssueFailed { get; private set; } = null!;
    public Event<RedemptionDeadlinePassed> DeadlinePassed { get; private set; } = null!;

    private static void Finish(RedemptionState saga, string outcome, string reason, TimeProvider clock)
    {
        saga.Outcome = outcome;
        saga.OutcomeReason = reason;
        saga.UpdatedAt = clock.GetUtcNow();
        if (outcome == Outcomes.Rejected)
        {
            saga.DeadlineAt = null;
        }
    }

    private static RedemptionCompleted CompletedOutcome(RedemptionState saga, TimeProvider clock) =>
        RedemptionOutcomeMessages.Completed(saga, saga.Balance, saga.RewardDetails, saga.ExpiresAt, clock.GetUtcNow());

    private static RedemptionFailed FailedOutcome(RedemptionState saga, TimeProvider clock) =>
        new(saga.CorrelationId, saga.UserId, saga.RewardId, saga.OutcomeReason!, saga.Detail, saga.Balance, clock.GetUtcNow());

    private static RewardRevocationRequested Revocation(RedemptionState saga, TimeProvider clock) =>
        new(saga.CorrelationId, saga.RewardId, saga.VoucherCode, saga.OutcomeReason!, clock.GetUtcNow());
}

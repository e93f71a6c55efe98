using System.Globalization;
using MassTransit;
using Messaging.Contracts;
using Messaging.Contracts.Redemption;
using Messaging.Ledger.Fulfilment;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Redemptions;
using Messaging.Ledger.Writing;
using Messaging.Operations.Endpoints;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Redemptions;

// One redemption request from start to its single final outcome: check the reward and hold the points, ask fulfilment to issue the
// reward, then spend the hold (completed) or void it (failed); or refuse up front (rejected). A voucher, which the processor issues
// itself, is issued and spent in the request's own step. Every step's ledger change, state and outgoing messages commit in one
// transaction.
//
// Late and repeated messages are decided by rule, never by timing: a repeated request changes nothing; a stale deadline is ignored; a
// reward issued after the redemption failed is not charged and its revocation is requested once (RewardRevocationRequested).
public sealed class RedemptionStateMachine : MassTransitStateMachine<RedemptionState>
{
    public RedemptionStateMachine(IRedemptionLedger ledger, IOptions<RedemptionOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var settings = options.Value;

        InstanceState(x => x.CurrentState);

        Event(() => RedeemRequested, e => e.CorrelateById(m => m.Message.RedemptionId));
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

        Initially(
            When(RedeemRequested)
                .Then(context => Start(context.Saga, context.Message, clock))
                .ThenAsync(async context =>
                {
                    var now = clock.GetUtcNow();
                    context.Saga.DeadlineAt = now + settings.FulfilmentTimeout;
                    var reservation = await ledger.ReserveAsync(
                        context,
                        context.Saga,
                        context.Message.ExpectedPoints,
                        context.Saga.DeadlineAt.Value + settings.HoldGrace
                    );
                    context.Saga.Detail = reservation.Detail;
                    if (!reservation.Held)
                    {
                        Finish(context.Saga, Outcomes.Rejected, reservation.RejectionReason!, clock);
                    }
                    else if (context.Saga.FulfilmentKind == FulfilmentQueues.VoucherKind)
                    {
                        await IssueVoucherAsync(ledger, context.Saga, context, clock);
                    }
                })
                .IfElse(
                    context => context.Saga.Outcome == Outcomes.Rejected,
                    rejected =>
                        rejected
                            .Publish(context => new RedemptionRejected(
                                context.Saga.CorrelationId,
                                context.Saga.UserId,
                                context.Saga.RewardId,
                                context.Saga.OutcomeReason!,
                                context.Saga.Detail,
                                clock.GetUtcNow()
                            ))
                            .TransitionTo(Rejected),
                    held =>
                        held.IfElse(
                            context => context.Saga.Outcome == Outcomes.Completed,
                            issued => issued.Publish(context => CompletedOutcome(context.Saga, clock)).TransitionTo(Completed),
                            external =>
                                external
                                    .SendAsync(
                                        context => FulfilmentQueues.AddressFor(context.Saga.FulfilmentKind!),
                                        context =>
                                            Task.FromResult(
                                                new IssueReward(
                                                    context.Saga.CorrelationId,
                                                    context.Saga.UserId,
                                                    context.Saga.RewardId,
                                                    context.Saga.FulfilmentKind!,
                                                    context.Saga.Points,
                                                    context.Saga.DeadlineAt!.Value,
                                                    clock.GetUtcNow()
                                                )
                                            )
                                    )
                                    .TransitionTo(AwaitingReward)
                        )
                )
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

        // A repeated request has already had (or will have) its one outcome; the same id with other content is a conflict.
        DuringAny(When(RedeemRequested).Then(context => EnsureSameRequest(context.Saga, context.Message)));
    }

    public State AwaitingReward { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Failed { get; private set; } = null!;
    public State Rejected { get; private set; } = null!;

    public Event<RedeemRequested> RedeemRequested { get; private set; } = null!;
    public Event<RewardIssued> RewardIssued { get; private set; } = null!;
    public Event<RewardIssueFailed> RewardIssueFailed { get; private set; } = null!;
    public Event<RedemptionDeadlinePassed> DeadlinePassed { get; private set; } = null!;

    // The same redemption id with any of these different is a conflict.
    internal static string RequestHashOf(RedeemRequested request) =>
        PayloadHash.Of(
            request.RedemptionId.ToString(),
            request.UserId,
            request.RewardId,
            request.ExpectedPoints?.ToString(CultureInfo.InvariantCulture)
        );

    private static void Start(RedemptionState saga, RedeemRequested request, TimeProvider clock)
    {
        RedeemRequestValidation.Validate(request);
        saga.UserId = request.UserId;
        saga.RewardId = request.RewardId;
        saga.RequestedAt = request.RequestedAt.ToUniversalTime();
        saga.RequestHash = RequestHashOf(request);
        saga.CreatedAt = clock.GetUtcNow();
    }

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

    private static void EnsureSameRequest(RedemptionState saga, RedeemRequested request)
    {
        if (!string.Equals(saga.RequestHash, RequestHashOf(request), StringComparison.Ordinal))
        {
            throw new MessageRejectedException(
                LedgerOutcome.ConflictCode,
                $"Redemption {request.RedemptionId} was already requested with other content (user "
                    + $"'{saga.UserId}', reward '{saga.RewardId}'); "
                    + "a new request needs a new redemption id."
            );
        }
    }

    // The built-in voucher is issued and its hold captured in the request's own transaction: no IssueReward, no RewardIssued, one
    // transaction instead of three. The hold is still placed first, so the voucher path runs the same checks and leaves the same rows
    // as an external fulfilment's.
    private static async Task IssueVoucherAsync(IRedemptionLedger ledger, RedemptionState saga, ConsumeContext context, TimeProvider clock)
    {
        saga.VoucherCode = await ledger.IssueVoucherAsync(context, saga);
        saga.RewardDetails = Vouchers.DetailsOf(saga.RewardId);
        if (!await ledger.CaptureAsync(context, saga, clock.GetUtcNow()))
        {
            throw new InvalidOperationException($"The hold of redemption {saga.CorrelationId}, placed in this transaction, is not active.");
        }

        Finish(saga, Outcomes.Completed, "redeemed", clock);
    }

    private static RedemptionCompleted CompletedOutcome(RedemptionState saga, TimeProvider clock) =>
        new(
            saga.CorrelationId,
            saga.UserId,
            saga.RewardId,
            saga.Points,
            saga.Balance,
            saga.VoucherCode,
            saga.RewardDetails,
            saga.ExpiresAt,
            clock.GetUtcNow()
        );

    private static RedemptionFailed FailedOutcome(RedemptionState saga, TimeProvider clock) =>
        new(saga.CorrelationId, saga.UserId, saga.RewardId, saga.OutcomeReason!, saga.Detail, saga.Balance, clock.GetUtcNow());

    private static RewardRevocationRequested Revocation(RedemptionState saga, TimeProvider clock) =>
        new(saga.CorrelationId, saga.RewardId, saga.VoucherCode, saga.OutcomeReason!, clock.GetUtcNow());
}

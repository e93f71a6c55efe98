using Messaging.Contracts.Redemption;
using Messaging.Ledger.Redemptions;

namespace Messaging.Processing.Redemptions;

// The one shape of each message a redemption sends, whoever sends it: the group commit that decides a request, or the saga that waits.
internal static class RedemptionOutcomeMessages
{
    public static RedemptionCompleted Completed(
        RedemptionSagaRecord saga,
        long balance,
        string? rewardDetails,
        DateTimeOffset expiresAt,
        DateTimeOffset now
    ) => new(saga.CorrelationId, saga.UserId, saga.RewardId, saga.Points, balance, saga.VoucherCode, rewardDetails, expiresAt, now);

    public static RedemptionRejected Rejected(RedemptionSagaRecord saga, string detail, DateTimeOffset now) =>
        new(saga.CorrelationId, saga.UserId, saga.RewardId, saga.OutcomeReason!, detail, now);

    public static IssueReward IssueReward(RedemptionSagaRecord saga, DateTimeOffset now) =>
        new(saga.CorrelationId, saga.UserId, saga.RewardId, saga.FulfilmentKind!, saga.Points, saga.DeadlineAt!.Value, now);
}

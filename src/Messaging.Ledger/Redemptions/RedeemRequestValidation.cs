using Messaging.Contracts;
using Messaging.Contracts.Redemption;

namespace Messaging.Ledger.Redemptions;

// Refuses a request that cannot be a redemption at all (to the error queue, with the reason), as opposed to one the catalog or the
// wallet refuses (answered with RedemptionRejected).
public static class RedeemRequestValidation
{
    public static void Validate(RedeemRequested request)
    {
        if (request.RedemptionId == Guid.Empty)
        {
            throw new MessageRejectedException(
                "invalid_redemption_id",
                "RedeemRequested.redemptionId is missing or empty: set a new UUID per request."
            );
        }

        if (string.IsNullOrWhiteSpace(request.UserId) || request.UserId.Length > 100)
        {
            throw new MessageRejectedException("invalid_user_id", "RedeemRequested.userId is missing or longer than 100 characters.");
        }

        if (string.IsNullOrWhiteSpace(request.RewardId) || request.RewardId.Length > 100)
        {
            throw new MessageRejectedException("invalid_reward_id", "RedeemRequested.rewardId is missing or longer than 100 characters.");
        }

        if (request.ExpectedPoints is <= 0)
        {
            throw new MessageRejectedException(
                "invalid_expected_points",
                $"RedeemRequested.expectedPoints must be positive when given (it is {request.ExpectedPoints})."
            );
        }
    }
}

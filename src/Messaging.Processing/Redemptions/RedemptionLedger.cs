using MassTransit;
using Messaging.Ledger.Redemptions;
using Messaging.Processing.Pipeline.Transactions;

namespace Messaging.Processing.Redemptions;

// Runs the ledger's redemption commands in the consumed message's transaction and copies what they decided into the saga's state. No
// SQL here: the ledger's RedemptionSteps owns it.
internal sealed class RedemptionLedger : IRedemptionLedger
{
    public async Task<bool> CaptureAsync(ConsumeContext context, RedemptionState redemption, DateTimeOffset redeemedAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(redemption);
        var transaction = TransactionOf(context);
        var captured = await RedemptionSteps.CaptureAsync(
            transaction.Connection,
            new RedemptionCapture(
                redemption.CorrelationId,
                redemption.UserId,
                redemption.RewardId,
                redemption.RewardName ?? redemption.RewardId,
                redemption.Points,
                redemption.ValidityDays,
                redemption.VoucherCode,
                redemption.RewardDetails,
                transaction.MessageId,
                redeemedAt
            ),
            context.CancellationToken
        );
        if (captured is null)
        {
            return false;
        }

        redemption.ExpiresAt = captured.ExpiresAt;
        redemption.Balance = captured.Balance;
        return true;
    }

    public async Task VoidAsync(ConsumeContext context, RedemptionState redemption, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(redemption);
        redemption.Balance = await RedemptionSteps.VoidAsync(
            TransactionOf(context).Connection,
            redemption.CorrelationId,
            redemption.UserId,
            redemption.RewardId,
            redemption.StockReserved,
            reason,
            context.CancellationToken
        );
        redemption.StockReserved = false;
    }

    private static MessageTransaction TransactionOf(ConsumeContext context) =>
        context.TryGetPayload<MessageTransaction>(out var transaction)
            ? transaction
            : throw new InvalidOperationException(
                "The redemption saga runs without a message transaction: its endpoint must use MessageTransactionFilter."
            );
}

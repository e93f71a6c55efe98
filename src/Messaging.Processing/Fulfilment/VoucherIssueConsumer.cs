using MassTransit;
using Messaging.Contracts.Redemption;
using Messaging.Ledger.Fulfilment;
using Messaging.Processing.Pipeline.Transactions;

namespace Messaging.Processing.Fulfilment;

// The built-in fulfilment for voucher rewards, asked through the broker. A redemption issues its voucher in its own transaction
// (RedemptionStateMachine); this answers the IssueReward of a redemption that asked before it did, and anyone who asks this queue.
// Asked again for the same redemption, it answers with the same code.
public sealed class VoucherIssueConsumer(TimeProvider clock) : IConsumer<IssueReward>
{
    public async Task Consume(ConsumeContext<IssueReward> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Message;
        var transaction = context.GetPayload<MessageTransaction>();
        var code = await Vouchers.IssueAsync(
            transaction.Connection,
            request.RedemptionId,
            request.RewardId,
            VoucherCodes.Next(),
            context.CancellationToken
        );
        await context.Publish(new RewardIssued(request.RedemptionId, code, Vouchers.DetailsOf(request.RewardId), clock.GetUtcNow()));
    }
}

using MassTransit;
using Messaging.Contracts.Redemption;
using Messaging.Ledger.Fulfilment;
using Messaging.Processing.Pipeline.Transactions;

namespace Messaging.Processing.Fulfilment;

// Takes back a built-in voucher issued for a redemption that had already failed (the user was not charged).
public sealed class VoucherRevocationConsumer : IConsumer<RewardRevocationRequested>
{
    public async Task Consume(ConsumeContext<RewardRevocationRequested> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var transaction = context.GetPayload<MessageTransaction>();
        await Vouchers.RevokeAsync(transaction.Connection, context.Message.RedemptionId, context.CancellationToken);
    }
}

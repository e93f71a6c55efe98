using System.Text.Json;
using MassTransit;
using Messaging.Contracts.Redemption;
using Messaging.Ledger.Redemptions;
using Messaging.Ledger.Writing;
using Messaging.Processing.Pipeline.Inbox;
using Messaging.Processing.Pipeline.Outbox;
using Messaging.Processing.Pipeline.Transactions;
using Microsoft.Extensions.Logging;

namespace Messaging.Processing.Redemptions;

// A redemption request joins the group commit: its hold, its saga's row and its inbox claim commit with many others', first delivered
// first. A voucher completes there; an external reward's fulfilment is asked, and the saga takes over from its answer or deadline.
internal sealed partial class RedeemRequestedConsumer(
    TransactionalLedger ledger,
    RedemptionCommit redemptions,
    ILogger<RedeemRequestedConsumer> logger
) : IConsumer<RedeemRequested>
{
    public async Task Consume(ConsumeContext<RedeemRequested> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Message;
        var messageId = TransactionalLedger.MessageIdOf(context);
        var item = new RedemptionWorkItem(
            redemptions,
            messageId,
            InboxConsumer.Of(context),
            RedemptionRequest.Of(request, messageId, TraceIds.Current()),
            () => JsonSerializer.Serialize(request, OutboxWriter.Json),
            ChannelDelivery.Of(context.ReceiveContext)
        );
        var outcome = await ledger.SubmitAsync(item, context.CancellationToken);
        switch (outcome.Kind)
        {
            case LedgerOutcomeKind.AlreadyApplied:
                LogRepeated(request.RedemptionId, context.MessageId);
                break;
            case LedgerOutcomeKind.Refused:
                LogRejected(request.RedemptionId, request.UserId, request.RewardId, outcome.RefusalCode);
                break;
            default:
                LogDecided(request.RedemptionId, request.UserId, request.RewardId, outcome.Reason);
                break;
        }
    }

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "Redemption {RedemptionId} was requested before; message {MessageId} acknowledged without effect"
    )]
    private partial void LogRepeated(Guid redemptionId, Guid? messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redemption {RedemptionId} of {RewardId} by user {UserId} rejected: {Reason}")]
    private partial void LogRejected(Guid redemptionId, string userId, string rewardId, string? reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Redemption {RedemptionId} of {RewardId} by user {UserId}: {Detail}")]
    private partial void LogDecided(Guid redemptionId, string userId, string rewardId, string? detail);
}

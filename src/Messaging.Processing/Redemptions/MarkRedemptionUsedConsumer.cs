using MassTransit;
using Messaging.Contracts;
using Messaging.Contracts.Redemption;
using Messaging.Ledger.Redemptions;
using Messaging.Processing.Pipeline.Transactions;
using Microsoft.Extensions.Logging;

namespace Messaging.Processing.Redemptions;

// Marking a redemption used again changes nothing; an unknown or expired redemption is refused with the reason.
public sealed partial class MarkRedemptionUsedConsumer(TimeProvider clock, ILogger<MarkRedemptionUsedConsumer> logger)
    : IConsumer<MarkRedemptionUsed>
{
    public async Task Consume(ConsumeContext<MarkRedemptionUsed> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Message;
        var now = clock.GetUtcNow();
        var outcome = await RedemptionUse.MarkUsedAsync(
            context.GetPayload<MessageTransaction>().Connection,
            request.RedemptionId,
            request.UsedAt,
            now,
            context.CancellationToken
        );
        switch (outcome.Kind)
        {
            case UseOutcomeKind.Marked:
                await context.Publish(new RedemptionUsed(request.RedemptionId, outcome.UserId!, outcome.RewardId!, request.UsedAt, now));
                return;
            case UseOutcomeKind.AlreadyUsed:
                LogAlreadyUsed(request.RedemptionId);
                return;
            case UseOutcomeKind.Unknown:
                throw new MessageRejectedException(
                    "unknown_redemption",
                    $"There is no completed redemption {request.RedemptionId}: check the id (a rejected or "
                        + "failed redemption cannot be used)."
                );
            default:
                throw new MessageRejectedException(
                    "redemption_expired",
                    $"Redemption {request.RedemptionId} expired at {outcome.ExpiredAt:O} and can no longer be used."
                );
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Redemption {RedemptionId} was already used; nothing changed")]
    private partial void LogAlreadyUsed(Guid redemptionId);
}

using Messaging.Ledger.Redemptions;

namespace Messaging.Processing.Pipeline.Transactions;

// A redemption request, decided with the others of its batch by the ledger's RedemptionRequests.
internal sealed class RedemptionWorkItem(
    Guid messageId,
    string consumerId,
    RedemptionRequest request,
    Func<string> payloadJson,
    ChannelDelivery delivery
) : CommitWorkItem(nameof(Contracts.Redemption.RedeemRequested), messageId, consumerId, payloadJson, delivery)
{
    public RedemptionRequest Request { get; } = request;
}

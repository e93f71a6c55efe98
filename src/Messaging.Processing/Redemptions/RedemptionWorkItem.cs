using Messaging.Ledger.Redemptions;
using Messaging.Processing.Pipeline.Transactions;

namespace Messaging.Processing.Redemptions;

// A redemption request in the group commit, decided with the others of its batch by RedemptionCommit.
internal sealed class RedemptionWorkItem(
    RedemptionCommit work,
    Guid messageId,
    string consumerId,
    RedemptionRequest request,
    Func<string> payloadJson,
    ChannelDelivery delivery
) : CommitWorkItem(work, nameof(Contracts.Redemption.RedeemRequested), messageId, consumerId, payloadJson, delivery)
{
    public RedemptionRequest Request { get; } = request;
}

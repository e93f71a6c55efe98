using Messaging.Processing.Attendance;
using Messaging.Processing.Earning;
using Messaging.Processing.Fulfilment;
using Messaging.Processing.Hosting;
using Messaging.Processing.Quotas;
using Messaging.Processing.Redemptions;
using Messaging.Processing.Tenants;

namespace Messaging.Processing.DeadLetters;

/// <summary>
/// The queues the processor consumes, each with its inbox name and the one contract it carries (null: several, such as
/// the redemption saga's): how a replay preview knows, for any dead letter, whether its message was taken already and
/// whether the processor's contract gate would let it in. Built from each endpoint's own constants.
/// </summary>
public static class ReplayEndpoints
{
    public static IReadOnlyDictionary<string, ConsumedEndpoint> ByQueue { get; } = new Dictionary<string, ConsumedEndpoint>(StringComparer.Ordinal)
    {
        [OrderCompletedConsumer.QueueName] = new(OrderCompletedConsumerDefinition.InboxName, ConsumedContract.Of<OrderCompletedConsumer>()),
        [EventAttendedConsumer.QueueName] = new(EventAttendedConsumerDefinition.InboxName, ConsumedContract.Of<EventAttendedConsumer>()),
        [TokensDeductRequestedConsumer.QueueName] = new(TokensDeductRequestedConsumerDefinition.InboxName, ConsumedContract.Of<TokensDeductRequestedConsumer>()),
        [AllocateToTenantConsumer.QueueName] = new(AllocateToTenantConsumerDefinition.InboxName, ConsumedContract.Of<AllocateToTenantConsumer>()),
        [ClawbackFromTenantConsumer.QueueName] = new(ClawbackFromTenantConsumerDefinition.InboxName, ConsumedContract.Of<ClawbackFromTenantConsumer>()),
        [GrantRecognitionConsumer.QueueName] = new(GrantRecognitionConsumerDefinition.InboxName, ConsumedContract.Of<GrantRecognitionConsumer>()),
        [MarkRedemptionUsedConsumer.QueueName] = new(MarkRedemptionUsedConsumerDefinition.InboxName, ConsumedContract.Of<MarkRedemptionUsedConsumer>()),
        [FulfilmentQueues.VoucherQueue] = new(VoucherIssueConsumerDefinition.InboxName, ConsumedContract.Of<VoucherIssueConsumer>()),
        [VoucherRevocationConsumerDefinition.QueueName] = new(VoucherRevocationConsumerDefinition.InboxName, ConsumedContract.Of<VoucherRevocationConsumer>()),
        [RedemptionStateDefinition.QueueName] = new(RedemptionStateDefinition.InboxName, null),
    };
}

using MassTransit;
using Messaging.Contracts.Redemption;
using Messaging.Processing.Attendance;
using Messaging.Processing.Earning;
using Messaging.Processing.Fulfilment;
using Messaging.Processing.Quotas;
using Messaging.Processing.Redemptions;
using Messaging.Processing.Tenants;

namespace Messaging.Processing.Hosting;

/// <summary>
/// Every queue the processor consumes, built from each endpoint's own constants: what a replay preview needs (the
/// inbox that tells whether a message was taken, the contract the gate checks) and what operators may pause
/// (<see cref="PausableEndpoints"/>). The fulfilment queues carry the processor's own requests and cannot be paused.
/// </summary>
public static class ConsumedEndpoints
{
    public static IReadOnlyList<ConsumedEndpoint> All { get; } =
    [
        Consumer<OrderCompletedConsumer>(OrderCompletedConsumer.QueueName, OrderCompletedConsumerDefinition.InboxName),
        new(RedemptionStateDefinition.QueueName, RedemptionStateDefinition.InboxName, SoleContract: null, PausedAs: nameof(RedeemRequested)),
        Consumer<MarkRedemptionUsedConsumer>(MarkRedemptionUsedConsumer.QueueName, MarkRedemptionUsedConsumerDefinition.InboxName),
        Consumer<AllocateToTenantConsumer>(AllocateToTenantConsumer.QueueName, AllocateToTenantConsumerDefinition.InboxName),
        Consumer<ClawbackFromTenantConsumer>(ClawbackFromTenantConsumer.QueueName, ClawbackFromTenantConsumerDefinition.InboxName),
        Consumer<GrantRecognitionConsumer>(GrantRecognitionConsumer.QueueName, GrantRecognitionConsumerDefinition.InboxName),
        Consumer<TokensDeductRequestedConsumer>(TokensDeductRequestedConsumer.QueueName, TokensDeductRequestedConsumerDefinition.InboxName),
        Consumer<EventAttendedConsumer>(EventAttendedConsumer.QueueName, EventAttendedConsumerDefinition.InboxName),
        Consumer<VoucherIssueConsumer>(FulfilmentQueues.VoucherQueue, VoucherIssueConsumerDefinition.InboxName, pausable: false),
        Consumer<VoucherRevocationConsumer>(VoucherRevocationConsumerDefinition.QueueName, VoucherRevocationConsumerDefinition.InboxName, pausable: false),
    ];

    public static IReadOnlyDictionary<string, ConsumedEndpoint> ByQueue { get; } = All.ToDictionary(e => e.Queue, StringComparer.Ordinal);

    private static ConsumedEndpoint Consumer<TConsumer>(string queue, string inbox, bool pausable = true)
        where TConsumer : class, IConsumer
    {
        var contract = ConsumedContract.Of<TConsumer>();
        return new(queue, inbox, contract, pausable ? contract.Name : null);
    }
}

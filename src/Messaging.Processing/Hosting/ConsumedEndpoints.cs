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
/// Every queue the processor consumes, built from each endpoint's own constants, and the one list of them: the bus
/// registers its consumers from it (<see cref="ProcessingServiceCollectionExtensions.AddLedgerProcessing"/>), a replay
/// preview reads the inbox that tells whether a message was taken and the contract the gate checks, and operators may
/// pause what it says (<see cref="PausableEndpoints"/>). The fulfilment queues carry the processor's own requests and
/// cannot be paused.
/// </summary>
public static class ConsumedEndpoints
{
    public static IReadOnlyList<ConsumedEndpoint> All { get; } =
    [
        Consumer<OrderCompletedConsumer, OrderCompletedConsumerDefinition>(OrderCompletedConsumer.QueueName, OrderCompletedConsumerDefinition.InboxName),
        new(RedemptionStateDefinition.QueueName, RedemptionStateDefinition.InboxName, SoleContract: null, PausedAs: nameof(RedeemRequested)),
        Consumer<MarkRedemptionUsedConsumer, MarkRedemptionUsedConsumerDefinition>(MarkRedemptionUsedConsumer.QueueName, MarkRedemptionUsedConsumerDefinition.InboxName),
        Consumer<AllocateToTenantConsumer, AllocateToTenantConsumerDefinition>(AllocateToTenantConsumer.QueueName, AllocateToTenantConsumerDefinition.InboxName),
        Consumer<ClawbackFromTenantConsumer, ClawbackFromTenantConsumerDefinition>(ClawbackFromTenantConsumer.QueueName, ClawbackFromTenantConsumerDefinition.InboxName),
        Consumer<GrantRecognitionConsumer, GrantRecognitionConsumerDefinition>(GrantRecognitionConsumer.QueueName, GrantRecognitionConsumerDefinition.InboxName),
        Consumer<TokensDeductRequestedConsumer, TokensDeductRequestedConsumerDefinition>(TokensDeductRequestedConsumer.QueueName, TokensDeductRequestedConsumerDefinition.InboxName),
        Consumer<EventAttendedConsumer, EventAttendedConsumerDefinition>(EventAttendedConsumer.QueueName, EventAttendedConsumerDefinition.InboxName),
        Consumer<VoucherIssueConsumer, VoucherIssueConsumerDefinition>(FulfilmentQueues.VoucherQueue, VoucherIssueConsumerDefinition.InboxName, pausable: false),
        Consumer<VoucherRevocationConsumer, VoucherRevocationConsumerDefinition>(VoucherRevocationConsumerDefinition.QueueName, VoucherRevocationConsumerDefinition.InboxName, pausable: false),
    ];

    public static IReadOnlyDictionary<string, ConsumedEndpoint> ByQueue { get; } = All.ToDictionary(e => e.Queue, StringComparer.Ordinal);

    private static ConsumedEndpoint Consumer<TConsumer, TDefinition>(string queue, string inbox, bool pausable = true)
        where TConsumer : class, IConsumer
        where TDefinition : IConsumerDefinition<TConsumer>
    {
        var contract = ConsumedContract.Of<TConsumer>();
        return new(queue, inbox, contract, pausable ? contract.Name : null, typeof(TConsumer), typeof(TDefinition));
    }
}

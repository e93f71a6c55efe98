using Messaging.Processing.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Fulfilment;

/// <summary>The built-in voucher fulfilment reads <c>fulfilment-voucher</c>, where the saga sends voucher rewards.</summary>
public sealed class VoucherIssueConsumerDefinition(IOptions<Ledger.Redemptions.RedemptionOptions> redemptions)
    : TransactionalConsumerDefinition<VoucherIssueConsumer>(redemptions, FulfilmentQueues.VoucherQueue, InboxName)
{
    /// <summary>The endpoint's name in the inbox (<see cref="Inbox.InboxConsumer"/>); never change it.</summary>
    public const string InboxName = "voucher-issue";
}

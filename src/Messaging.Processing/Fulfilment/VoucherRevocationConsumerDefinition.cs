using Messaging.Processing.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Fulfilment;

/// <summary>Revocations have their own queue, so each fulfilment queue carries one message type.</summary>
public sealed class VoucherRevocationConsumerDefinition(IOptions<Ledger.Redemptions.RedemptionOptions> redemptions)
    : TransactionalConsumerDefinition<VoucherRevocationConsumer>(redemptions, QueueName, InboxName)
{
    /// <summary>The endpoint's name in the inbox (<see cref="Inbox.InboxConsumer"/>); never change it.</summary>
    public const string InboxName = "voucher-revocation";

    public const string QueueName = FulfilmentQueues.VoucherQueue + "-revocations";
}

using Messaging.Ledger.Redemptions;
using Messaging.Processing.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Redemptions;

/// <summary>Endpoint policy for <see cref="MarkRedemptionUsedConsumer"/> (queue <c>ledger-redemption-use</c>).</summary>
public sealed class MarkRedemptionUsedConsumerDefinition(IOptions<RedemptionOptions> redemptions)
    : TransactionalConsumerDefinition<MarkRedemptionUsedConsumer>(redemptions, MarkRedemptionUsedConsumer.QueueName, InboxName)
{
    /// <summary>The endpoint's name in the inbox (<see cref="Inbox.InboxConsumer"/>); never change it.</summary>
    public const string InboxName = "redemption-use";
}

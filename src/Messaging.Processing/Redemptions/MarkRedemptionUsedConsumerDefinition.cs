using Messaging.Processing.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Redemptions;

/// <summary>Endpoint policy for <see cref="MarkRedemptionUsedConsumer"/> (queue <c>ledger-redemption-use</c>).</summary>
public sealed class MarkRedemptionUsedConsumerDefinition(IOptions<RedemptionOptions> redemptions)
    : TransactionalConsumerDefinition<MarkRedemptionUsedConsumer>(redemptions, MarkRedemptionUsedConsumer.QueueName);

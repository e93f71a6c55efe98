using Messaging.Processing.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Fulfilment;

/// <summary>The built-in voucher fulfilment reads <c>fulfilment-voucher</c>, where the saga sends voucher rewards.</summary>
public sealed class VoucherIssueConsumerDefinition(IOptions<Redemptions.RedemptionOptions> redemptions)
    : TransactionalConsumerDefinition<VoucherIssueConsumer>(redemptions, FulfilmentQueues.VoucherQueue);

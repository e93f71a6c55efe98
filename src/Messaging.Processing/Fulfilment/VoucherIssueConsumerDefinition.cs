using Messaging.Ledger.Redemptions;
using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Fulfilment;

/// <summary>The endpoint of <see cref="VoucherIssueConsumer"/>, which writes in its own message's transaction.</summary>
public sealed class VoucherIssueConsumerDefinition(IOptions<RedemptionOptions> redemptions)
    : LedgerConsumerDefinition<VoucherIssueConsumer>(
        LedgerEndpoints.VoucherIssue,
        redemptions?.Value.ConcurrentMessageLimit ?? throw new ArgumentNullException(nameof(redemptions))
    );

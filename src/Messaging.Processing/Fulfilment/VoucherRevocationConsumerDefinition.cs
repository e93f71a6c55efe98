using Messaging.Ledger.Redemptions;
using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Fulfilment;

// Writes in its own message's transaction, not through the group commit.
public sealed class VoucherRevocationConsumerDefinition(IOptions<RedemptionOptions> redemptions)
    : LedgerConsumerDefinition<VoucherRevocationConsumer>(
        LedgerEndpoints.VoucherRevocation,
        redemptions?.Value.ConcurrentMessageLimit ?? throw new ArgumentNullException(nameof(redemptions))
    );

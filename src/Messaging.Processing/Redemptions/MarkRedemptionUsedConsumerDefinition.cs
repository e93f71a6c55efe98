using Messaging.Ledger.Redemptions;
using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Redemptions;

// Writes in its own message's transaction, not through the group commit.
public sealed class MarkRedemptionUsedConsumerDefinition(IOptions<RedemptionOptions> redemptions)
    : LedgerConsumerDefinition<MarkRedemptionUsedConsumer>(
        LedgerEndpoints.MarkRedemptionUsed,
        redemptions?.Value.ConcurrentMessageLimit ?? throw new ArgumentNullException(nameof(redemptions))
    );

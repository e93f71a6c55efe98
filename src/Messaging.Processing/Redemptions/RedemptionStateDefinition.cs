using MassTransit;
using Messaging.Ledger.Redemptions;
using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;
using Messaging.Processing.Pipeline.Transactions;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Redemptions;

// Fewer messages in flight than other endpoints (each holds a connection), the plain-JSON type guard (the queue carries four message
// types), and the message transaction the saga repository works in.
public sealed class RedemptionStateDefinition : SagaDefinition<RedemptionState>
{
    private readonly RedemptionOptions _redemptions;

    public RedemptionStateDefinition(IOptions<RedemptionOptions> redemptions)
    {
        ArgumentNullException.ThrowIfNull(redemptions);
        _redemptions = redemptions.Value;
        EndpointName = LedgerEndpoints.Redemptions.Queue;
    }

    protected override void ConfigureSaga(
        IReceiveEndpointConfigurator endpointConfigurator,
        ISagaConfigurator<RedemptionState> sagaConfigurator,
        IRegistrationContext context
    )
    {
        LedgerEndpointConventions.Apply(
            endpointConfigurator,
            context,
            LedgerEndpoints.Redemptions.Inbox,
            LedgerEndpoints.Redemptions.SoleContract
        );
        endpointConfigurator.ConcurrentMessageLimit = _redemptions.ConcurrentMessageLimit;
        endpointConfigurator.UseConsumeFilter(typeof(MessageTypeGuardFilter<>), context);
        endpointConfigurator.UseConsumeFilter(typeof(MessageTransactionFilter<>), context);
    }
}

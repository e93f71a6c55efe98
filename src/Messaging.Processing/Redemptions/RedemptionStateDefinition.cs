using MassTransit;
using Messaging.Contracts.Redemption;
using Messaging.Ledger.Redemptions;
using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;
using Messaging.Processing.Pipeline.Transactions;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Redemptions;

// The redemptions queue carries four message types: RedeemRequested goes to its consumer and the group commit, with as many in flight as
// any group-committed endpoint; the saga's own messages each run in a message transaction of their own (the one its repository works
// in), fewer at once since each holds a database connection. And the plain-JSON type guard.
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
        sagaConfigurator.ConcurrentMessageLimit = _redemptions.ConcurrentMessageLimit;
        endpointConfigurator.UseConsumeFilter(typeof(MessageTypeGuardFilter<>), context);
        endpointConfigurator.UseConsumeFilter(typeof(MessageTransactionFilter<>), context, f => f.Exclude<RedeemRequested>());
        endpointConfigurator.ConfigureConsumer<RedeemRequestedConsumer>(context);
    }
}

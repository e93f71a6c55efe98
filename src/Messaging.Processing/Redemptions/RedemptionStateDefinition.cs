using MassTransit;
using Messaging.Operations.Endpoints;
using Messaging.Processing.Pipeline.Hosting;
using Messaging.Processing.Pipeline.Transactions;

namespace Messaging.Processing.Redemptions;

// The plain-JSON type guard (the queue carries four message types), and the transaction the saga repository works in: its group
// commit's, so the steps of many redemptions (holds, vouchers, captures, saga rows, inbox claims, outcomes) commit together, in
// delivery order, as earning's orders do. Waiting for its group commit holds no connection, so as many messages may be in flight as on
// any group-committed endpoint (Endpoints:ConcurrentMessageLimit).
public sealed class RedemptionStateDefinition : SagaDefinition<RedemptionState>
{
    public RedemptionStateDefinition() => EndpointName = LedgerEndpoints.Redemptions.Queue;

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
        endpointConfigurator.UseConsumeFilter(typeof(MessageTypeGuardFilter<>), context);
        endpointConfigurator.UseConsumeFilter(typeof(GroupCommitFilter<>), context);
    }
}

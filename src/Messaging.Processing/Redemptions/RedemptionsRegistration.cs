using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Messaging.Processing.Pipeline.Transactions;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Processing.Redemptions;

public static class RedemptionsRegistration
{
    public static IServiceCollection AddRedemptions(this IServiceCollection services)
    {
        services.AddSingleton<IRedemptionLedger, RedemptionLedger>();
        services.AddSingleton<RedemptionCommit>();
        services.AddHostedService<RedemptionSweeper>();

        // Before the bus, so the catalog is seeded before the first request is consumed.
        services.AddHostedService<RewardCatalogSeeder>();
        return services;
    }

    public static IBusRegistrationConfigurator AddRedemptionsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<MarkRedemptionUsedConsumer, MarkRedemptionUsedConsumerDefinition>();

        // On the saga's endpoint (RedemptionStateDefinition), not one of its own.
        bus.AddConsumer<RedeemRequestedConsumer>().ExcludeFromConfigureEndpoints();
        bus.AddSagaStateMachine<RedemptionStateMachine, RedemptionState, RedemptionStateDefinition>()
            .Repository(r =>
                r.RegisterSagaRepository<
                    RedemptionState,
                    MessageTransaction,
                    SagaConsumeContextFactory<MessageTransaction, RedemptionState>,
                    RedemptionSagaRepositoryContextFactory
                >()
            );
        return bus;
    }
}

using MassTransit;
using Messaging.Ledger.Quotas;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Processing.Quotas;

/// <summary>What the quotas feature adds to the processor: its services, and its consumers on the bus.</summary>
public static class QuotasRegistration
{
    public static IServiceCollection AddQuotas(this IServiceCollection services)
    {
        services.AddSingleton<QuotaPlans>();
        services.AddSingleton<QuotaQueries>();
        services.AddSingleton<QuotaLimits>();
        services.AddHostedService<QuotaRolloverSweeper>();
        return services;
    }

    public static IBusRegistrationConfigurator AddQuotasConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<TokensDeductRequestedConsumer, TokensDeductRequestedConsumerDefinition>();
        return bus;
    }
}

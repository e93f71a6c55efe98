using MassTransit;
using Messaging.Ledger.Quotas;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Processing.Quotas;

public static class QuotasRegistration
{
    public static IServiceCollection AddQuotas(this IServiceCollection services)
    {
        services.AddSingleton<QuotaPlans>();
        services.AddSingleton<QuotaQueries>();
        services.AddSingleton<QuotaLimits>();
        services.AddSingleton<QuotaSweep>();
        services.AddHostedService<QuotaRolloverSweeper>();
        return services;
    }

    public static IBusRegistrationConfigurator AddQuotasConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<TokensDeductRequestedConsumer, TokensDeductRequestedConsumerDefinition>();
        return bus;
    }
}

using MassTransit;
using Messaging.Ledger.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Processing.Tenants;

public static class TenantsRegistration
{
    public static IServiceCollection AddTenants(this IServiceCollection services)
    {
        services.AddSingleton<MintingAuthority>();
        services.AddMemoryCache();
        services.AddSingleton<RegisteredTenants>();
        services.AddSingleton<TenantMetrics>();
        return services;
    }

    public static IBusRegistrationConfigurator AddTenantsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<AllocateToTenantConsumer, AllocateToTenantConsumerDefinition>();
        bus.AddConsumer<ClawbackFromTenantConsumer, ClawbackFromTenantConsumerDefinition>();
        bus.AddConsumer<GrantRecognitionConsumer, GrantRecognitionConsumerDefinition>();
        return bus;
    }
}

using MassTransit;
using Messaging.Ledger.Earning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Earning;

public static class EarningRegistration
{
    public static IServiceCollection AddEarning(this IServiceCollection services)
    {
        services.AddSingleton(sp => new OrderEarningPolicy(sp.GetRequiredService<IOptions<EarningOptions>>().Value));
        return services;
    }

    public static IBusRegistrationConfigurator AddEarningConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<OrderCompletedConsumer, OrderCompletedConsumerDefinition>();
        return bus;
    }
}

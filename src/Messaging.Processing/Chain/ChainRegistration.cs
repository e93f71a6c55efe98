using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Processing.Chain;

public static class ChainRegistration
{
    public static IServiceCollection AddChainCheckpoints(this IServiceCollection services, IConfiguration configuration)
    {
        services
            .AddOptions<ChainOptions>()
            .Bind(configuration.GetSection(ChainOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHostedService<LedgerCheckpointPublisher>();
        return services;
    }
}

using Messaging.Ledger.Expiry;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Processing.Expiry;

public static class ExpiryRegistration
{
    public static IServiceCollection AddExpiry(this IServiceCollection services)
    {
        services.AddSingleton<PointsExpiry>();
        services.AddHostedService<PointsExpirySweeper>();
        return services;
    }
}

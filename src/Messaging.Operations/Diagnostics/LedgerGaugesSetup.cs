using Messaging.Ledger.Auditing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Operations.Diagnostics;

public static class LedgerGaugesSetup
{
    public static IServiceCollection AddLedgerGauges(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services
            .AddOptions<ReconciliationOptions>()
            .Bind(configuration.GetSection(ReconciliationOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<LedgerReconciliation>();
        services.AddSingleton<ReconciliationMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<ReconciliationMonitor>());
        services.AddSingleton<LedgerGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<LedgerGauges>());
        return services;
    }
}

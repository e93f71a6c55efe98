using Messaging.Ledger.Attendance;
using Messaging.Ledger.Earning;
using Messaging.Ledger.Expiry;
using Messaging.Ledger.Quotas;
using Messaging.Ledger.Redemptions;
using Messaging.Ledger.Tenants;
using Messaging.Ledger.Writing;
using Messaging.Operations.Broker;
using Messaging.Operations.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Operations.Hosting;

// The settings every process reads alike, validated when first read (the worker at start-up, the CLI and the API when a command needs
// one), so all of them refuse a wrong setting with the same words.
public static class LedgerSettings
{
    public static IServiceCollection AddLedgerSettings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services
            .AddOptions<RabbitMqOptions>()
            .Bind(configuration.GetSection(RabbitMqOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<EndpointOptions>()
            .Bind(configuration.GetSection(EndpointOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<EarningOptions>().Bind(configuration.GetSection(EarningOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EarningOptions>, EarningOptionsValidator>();
        services.AddOptions<IssuanceOptions>().Bind(configuration.GetSection(IssuanceOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IssuanceOptions>, IssuanceOptionsValidator>();
        services
            .AddOptions<TenantOptions>()
            .Bind(configuration.GetSection(TenantOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<QuotaOptions>()
            .Bind(configuration.GetSection(QuotaOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<AttendanceOptions>()
            .Bind(configuration.GetSection(AttendanceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<RedemptionOptions>()
            .Bind(configuration.GetSection(RedemptionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedemptionOptions>, RedemptionOptionsValidator>();
        services
            .AddOptions<Ledger.Adjustments.AdjustmentOptions>()
            .Bind(configuration.GetSection(Ledger.Adjustments.AdjustmentOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services
            .AddOptions<ExpiryOptions>()
            .Bind(configuration.GetSection(ExpiryOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExpiryOptions>, ExpiryOptionsValidator>();
        return services;
    }
}

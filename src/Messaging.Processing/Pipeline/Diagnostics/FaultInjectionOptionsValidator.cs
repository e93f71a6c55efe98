using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Pipeline.Diagnostics;

/// <summary>
/// Fault injection kills the processor on purpose: it is a hook for crash tests, refused at start-up in the
/// Production environment (the default), so a stray <c>FaultInjection__*</c> variable can never take a
/// production processor down. Tests run the worker with <c>DOTNET_ENVIRONMENT=Test</c>.
/// </summary>
internal sealed class FaultInjectionOptionsValidator(IHostEnvironment environment) : IValidateOptions<FaultInjectionOptions>
{
    public ValidateOptionsResult Validate(string? name, FaultInjectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Enabled && environment.IsProduction()
            ? ValidateOptionsResult.Fail(
                "FaultInjection:CrashPoint / FaultInjection:PoisonOrderId are set in the Production "
                    + "environment. They kill the processor on purpose and are "
                    + "for crash tests only: remove the FaultInjection__* settings (tests run with DOTNET_ENVIRONMENT=Test)."
            )
            : ValidateOptionsResult.Success;
    }
}

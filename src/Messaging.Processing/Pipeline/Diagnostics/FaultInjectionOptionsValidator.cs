using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Pipeline.Diagnostics;

// Refused in the Production environment (the default), so a stray FaultInjection__* variable can never take a production processor down.
// Tests run the worker with DOTNET_ENVIRONMENT=Test.
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

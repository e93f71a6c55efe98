using Messaging.Ledger.Accounts;
using Microsoft.Extensions.Options;

namespace Messaging.Ledger.Writing;

public sealed class IssuanceOptionsValidator : IValidateOptions<IssuanceOptions>
{
    public ValidateOptionsResult Validate(string? name, IssuanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options
            .DailyCaps.Where(cap => !Issuers.All.Contains(cap.Key) || cap.Value <= 0)
            .Select(cap =>
                Issuers.All.Contains(cap.Key)
                    ? $"Issuance:DailyCaps:{cap.Key} = {cap.Value} must be above zero (remove the setting for no cap)."
                    : $"Issuance:DailyCaps:{cap.Key} names no issuer; use one of {string.Join(", ", Issuers.All)}."
            )
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

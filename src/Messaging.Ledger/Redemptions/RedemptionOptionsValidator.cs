using Messaging.Ledger.Rewards;
using Microsoft.Extensions.Options;

namespace Messaging.Ledger.Redemptions;

public sealed class RedemptionOptionsValidator : IValidateOptions<RedemptionOptions>
{
    public ValidateOptionsResult Validate(string? name, RedemptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.Catalog.Count; i++)
        {
            var reward = options.Catalog[i];
            var at = $"Redemptions:Catalog:{i}";
            if (!RewardRules.IsId(reward.Id))
            {
                failures.Add($"{at}:Id must be set (at most {RewardRules.MaxIdLength} characters).");
            }

            if (string.IsNullOrWhiteSpace(reward.Name))
            {
                failures.Add($"{at}:Name must be set.");
            }

            if (reward.Cost <= 0)
            {
                failures.Add($"{at}:Cost must be a positive number of points (it is {reward.Cost}).");
            }

            if (reward.Stock is < 0)
            {
                failures.Add($"{at}:Stock must be 0 or more, or left out for unlimited.");
            }

            if (reward.ValidityDays <= 0)
            {
                failures.Add($"{at}:ValidityDays must be at least 1.");
            }

            if (!RewardRules.IsFulfilmentKind(reward.FulfilmentKind))
            {
                failures.Add(
                    $"{at}:FulfilmentKind '{reward.FulfilmentKind}' must be lower-case letters, digits and dashes (for example voucher)."
                );
            }
        }

        foreach (var duplicate in options.Catalog.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"Redemptions:Catalog has reward '{duplicate.Key}' more than once.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using Microsoft.Extensions.Options;

namespace Messaging.Ledger.Earning;

public sealed class EarningOptionsValidator : IValidateOptions<EarningOptions>
{
    public ValidateOptionsResult Validate(string? name, EarningOptions options)
    {
        var failures = new List<string>();
        if (options.PointsPerUnit.Count == 0)
        {
            failures.Add("Earning:PointsPerUnit is empty: configure at least one currency, for example Earning__PointsPerUnit__USD=1.");
        }

        failures.AddRange(
            options
                .PointsPerUnit.Where(rate => rate.Value <= 0 || rate.Key.Length != 3)
                .Select(rate =>
                    $"Earning:PointsPerUnit:{rate.Key} = {rate.Value} is invalid: use a 3-letter currency code and a rate above zero."
                )
        );

        if (options.MaxPointsPerTransaction <= 0)
        {
            failures.Add($"Earning:MaxPointsPerTransaction = {options.MaxPointsPerTransaction} must be above zero.");
        }

        if (options.SignupBonus < 0 || options.SignupBonus > options.MaxPointsPerTransaction)
        {
            failures.Add($"Earning:SignupBonus = {options.SignupBonus} must be between 0 and Earning:MaxPointsPerTransaction.");
        }

        if (options.FirstOrderBonus < 0 || options.FirstOrderBonus > options.MaxPointsPerTransaction)
        {
            failures.Add($"Earning:FirstOrderBonus = {options.FirstOrderBonus} must be between 0 and Earning:MaxPointsPerTransaction.");
        }

        foreach (var (type, cap) in options.Caps)
        {
            if (!EarningCaps.CappableTypes.Contains(type))
            {
                failures.Add(
                    $"Earning:Caps:{type} is not an entry type that can be capped; use one of: "
                        + string.Join(", ", EarningCaps.CappableTypes)
                        + "."
                );
            }

            if (cap.Daily is <= 0 || cap.Monthly is <= 0)
            {
                failures.Add(
                    $"Earning:Caps:{type}: Daily and Monthly must be above zero when set (leave one out for no cap in that period)."
                );
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using Messaging.Ledger.Journal;
using Microsoft.Extensions.Options;

namespace Messaging.Ledger.Expiry;

public sealed class ExpiryOptionsValidator : IValidateOptions<ExpiryOptions>
{
    // The types whose entries credit wallets; an expiry on any other would never apply, which is a mistake worth refusing.
    private static readonly HashSet<string> WalletCredits =
    [
        EntryTypes.OrderEarned,
        EntryTypes.SignupBonus,
        EntryTypes.FirstOrderBonus,
        EntryTypes.Recognition,
        EntryTypes.Attendance,
        EntryTypes.StreakBonus,
        EntryTypes.BadgeAward,
        EntryTypes.ActivityBonus,
        EntryTypes.Adjustment,
        EntryTypes.RedemptionRefund,
        EntryTypes.Reversal,
    ];

    public ValidateOptionsResult Validate(string? name, ExpiryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var known = string.Join(", ", WalletCredits.Order(StringComparer.Ordinal));
        var failures = (options.EntryTypes ?? [])
            .Where(type => !WalletCredits.Contains(type))
            .Select(type => $"Expiry:EntryTypes names '{type}', which credits no wallet; use some of {known}.")
            .Concat(
                options
                    .MonthsByEntryType.Where(kv => !WalletCredits.Contains(kv.Key))
                    .Select(kv => $"Expiry:MonthsByEntryType:{kv.Key} names no entry type that credits a wallet; use one of {known}.")
            )
            .Concat(
                options
                    .MonthsByEntryType.Where(kv => kv.Value is < 0 or > 1200)
                    .Select(kv => $"Expiry:MonthsByEntryType:{kv.Key} = {kv.Value} must be between 0 (never) and 1200.")
            )
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

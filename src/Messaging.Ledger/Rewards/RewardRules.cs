using System.Text.RegularExpressions;

namespace Messaging.Ledger.Rewards;

// The database's checks, so a mistake is told before a write fails on one.
public static partial class RewardRules
{
    public const int MaxIdLength = 100;
    public const int MaxNameLength = 200;
    public const int MaxFulfilmentKindLength = 40;

    public static bool IsId(string? id) => !string.IsNullOrWhiteSpace(id) && id.Length <= MaxIdLength;

    public static bool IsName(string? name) => !string.IsNullOrWhiteSpace(name) && name.Length <= MaxNameLength;

    /// <summary>Lower-case letters, digits and dashes, starting with a letter or digit: it names a queue, fulfilment-KIND.</summary>
    public static bool IsFulfilmentKind(string? kind) => kind is not null && FulfilmentKindPattern().IsMatch(kind);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex FulfilmentKindPattern();
}

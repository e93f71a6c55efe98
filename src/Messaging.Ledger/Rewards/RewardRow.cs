using System.Globalization;
using System.Text.Json.Serialization;

namespace Messaging.Ledger.Rewards;

/// <summary>One reward of the catalog as adapters show it.</summary>
public sealed record RewardRow(
    string Id,
    string Name,
    long Cost,
    bool Active,
    int? Stock,
    int ValidityDays,
    string FulfilmentKind,
    DateTimeOffset UpdatedAt
)
{
    /// <summary>No stock limit (<see cref="Stock"/> is null).</summary>
    public bool Unlimited => Stock is null;

    [JsonIgnore]
    public string StockText => Stock?.ToString(CultureInfo.InvariantCulture) ?? "unlimited";
}

using System.Globalization;
using System.Text.Json.Serialization;

namespace Messaging.Ledger.Rewards;

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
    public bool Unlimited => Stock is null;

    [JsonIgnore]
    public string StockText => Stock?.ToString(CultureInfo.InvariantCulture) ?? "unlimited";
}

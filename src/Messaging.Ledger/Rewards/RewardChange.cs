namespace Messaging.Ledger.Rewards;

/// <summary>
/// A null name, cost, validity or kind keeps the current value (a new reward needs a name and a cost, and takes the defaults for the
/// rest); <see cref="StockGiven"/> says whether <see cref="Stock"/> (null: unlimited) replaces the current stock.
/// </summary>
public sealed record RewardChange(
    string Id,
    string? Name,
    long? Cost,
    bool StockGiven,
    int? Stock,
    int? ValidityDays,
    string? FulfilmentKind
);

namespace Messaging.Ledger.Rewards;

/// <summary>
/// Adds a reward or changes one. Name and cost are always given; <see cref="StockGiven"/> says whether
/// <see cref="Stock"/> (null: unlimited) replaces the current stock; a null validity or kind keeps the current
/// value (or takes the default for a new reward).
/// </summary>
public sealed record RewardChange(string Id, string Name, long Cost, bool StockGiven, int? Stock, int? ValidityDays, string? FulfilmentKind);

namespace Messaging.Ledger.Rewards;

// A reward the configuration asks for (Redemptions:Catalog), added when the catalog does not have it yet.
public sealed class RewardSeed
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public long Cost { get; set; }
    public bool Active { get; set; } = true;

    /// <summary>Null for unlimited.</summary>
    public int? Stock { get; set; }

    public int ValidityDays { get; set; } = RewardCatalog.DefaultValidityDays;
    public string FulfilmentKind { get; set; } = RewardCatalog.DefaultFulfilmentKind;
}

namespace Messaging.Ledger.Rewards;

/// <summary>A reward in the catalog: what it costs, whether it can be redeemed now, and how it is fulfilled.</summary>
public sealed class Reward
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public long Cost { get; set; }
    public bool Active { get; set; }

    /// <summary>How many are left; null means unlimited. Reserved with the hold, returned if it is voided.</summary>
    public int? Stock { get; set; }

    /// <summary>How long a completed redemption can be used.</summary>
    public int ValidityDays { get; set; }

    /// <summary>Which fulfilment issues it: <c>voucher</c> is built in, any other kind is served on <c>fulfilment-{kind}</c>.</summary>
    public required string FulfilmentKind { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

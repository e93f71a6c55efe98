namespace Messaging.Ledger.Rewards;

public sealed class Reward
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public long Cost { get; set; }
    public bool Active { get; set; }

    /// <summary>Null means unlimited. Reserved with the hold, returned if it is voided.</summary>
    public int? Stock { get; set; }

    /// <summary>How long a completed redemption can be used.</summary>
    public int ValidityDays { get; set; }

    /// <summary>voucher is built in; any other kind is served on fulfilment-{kind}.</summary>
    public required string FulfilmentKind { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

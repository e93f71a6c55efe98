namespace Messaging.Processing.Redemptions;

/// <summary>A reward under <c>Redemptions:Catalog</c>, seeded into the <c>rewards</c> table once.</summary>
public sealed class RewardSeed
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public long Cost { get; set; }
    public bool Active { get; set; } = true;

    /// <summary>Null for unlimited.</summary>
    public int? Stock { get; set; }

    public int ValidityDays { get; set; } = 365;
    public string FulfilmentKind { get; set; } = Fulfilment.FulfilmentQueues.VoucherKind;
}

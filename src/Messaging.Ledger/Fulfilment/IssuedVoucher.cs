namespace Messaging.Ledger.Fulfilment;

// One per redemption, unique everywhere.
public sealed class IssuedVoucher
{
    public required string Code { get; set; }
    public Guid RedemptionId { get; set; }
    public required string RewardId { get; set; }
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>Set when the redemption had already failed and the voucher was taken back.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}

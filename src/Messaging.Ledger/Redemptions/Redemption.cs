namespace Messaging.Ledger.Redemptions;

public sealed class Redemption
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public required string RewardId { get; set; }
    public required string RewardName { get; set; }
    public long Points { get; set; }
    public required string Status { get; set; }
    public string? VoucherCode { get; set; }
    public string? Details { get; set; }
    public long JournalEntryId { get; set; }
    public DateTimeOffset RedeemedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public bool IsUsed { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public DateTimeOffset? ExpiredAt { get; set; }

    /// <summary>Set when an expired redemption was refunded.</summary>
    public long? RefundEntryId { get; set; }
}

namespace Messaging.Ledger.Attendance;

public sealed class BadgeLevelRow
{
    public required string UserId { get; set; }
    public required string Badge { get; set; }
    public int Level { get; set; }
    public long Threshold { get; set; }
    public long Points { get; set; }
    public DateTimeOffset ReachedAt { get; set; }
    public string? TenantId { get; set; }
    public DateTimeOffset AwardedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

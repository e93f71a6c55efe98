namespace Messaging.Ledger.Attendance;

public sealed class StreakWeekRow
{
    public required string UserId { get; set; }
    public DateOnly Week { get; set; }
    public int StreakLength { get; set; }
    public long BonusPaid { get; set; }
    public DateTimeOffset FirstAttendedAt { get; set; }
    public string? TenantId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

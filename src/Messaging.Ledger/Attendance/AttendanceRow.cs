namespace Messaging.Ledger.Attendance;

/// <summary>A row of <c>attendances</c> (written by <see cref="AttendanceSettlement"/>; mapped so the schema has one
/// description).</summary>
public sealed class AttendanceRow
{
    public required string EventId { get; set; }
    public required string UserId { get; set; }
    public required string EventType { get; set; }
    public DateTimeOffset AttendedAt { get; set; }
    public DateOnly Week { get; set; }
    public long Points { get; set; }
    public string? TenantId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

namespace Messaging.Ledger.Attendance;

// Written by AttendanceSettlement; mapped so the schema has one description.
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
    public string[] Achievements { get; set; } = [];
    public string[] BroughtUserIds { get; set; } = [];
    public string[] ConnectedUserIds { get; set; } = [];
}

namespace Messaging.Ledger.Attendance;

/// <summary><see cref="FirstAttendedAt"/>: when the week began to count.</summary>
public sealed record StreakWeek(DateOnly Week, int Length, DateTimeOffset FirstAttendedAt, string? TenantId);

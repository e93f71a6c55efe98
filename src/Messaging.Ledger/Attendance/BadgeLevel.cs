namespace Messaging.Ledger.Attendance;

/// <summary><see cref="ReachedAt"/>: the attendance that met the threshold, in the order the user attended.</summary>
public sealed record BadgeLevel(string Badge, int Level, long Threshold, long Points, DateTimeOffset ReachedAt, string? TenantId);

namespace Messaging.Ledger.Attendance;

/// <summary><see cref="ReachedAt"/>: when the attendance that met the threshold happened.</summary>
public sealed record AwardedLevel(string Badge, int Level, long Threshold, long Points, DateTimeOffset ReachedAt, DateTimeOffset AwardedAt);

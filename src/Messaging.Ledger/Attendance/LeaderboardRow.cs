namespace Messaging.Ledger.Attendance;

/// <summary>Users with equal points share a <see cref="Rank"/>.</summary>
public sealed record LeaderboardRow(long Rank, string UserId, long Points, long Attendances);

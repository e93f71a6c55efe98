namespace Messaging.Ledger.Attendance;

/// <summary>A user's place on a leaderboard.</summary>
/// <param name="Rank">1 for the most points; users with equal points share it.</param>
/// <param name="UserId">The user.</param>
/// <param name="Points">Points attendance earned them in the period.</param>
/// <param name="Attendances">Attendances in the period.</param>
public sealed record LeaderboardRow(long Rank, string UserId, long Points, long Attendances);

namespace Messaging.Ledger.Attendance;

/// <summary>
/// Users ranked by the points attendance earned them in a period (attending, streak bonuses, badges), each counted
/// when it was earned: an attendance when it happened, a week's bonus from the week's first attendance, a badge level
/// when it was reached. Ties share a rank (1, 2, 2, 4). A period that closed before some of its points were recorded
/// (a late attendance, a dead-letter replay) says so: <see cref="Amended"/>.
/// </summary>
/// <param name="Period">The period.</param>
/// <param name="TenantId">Only the tenant's events (null: all).</param>
/// <param name="Closed">Whether the period is over.</param>
/// <param name="LateChanges">Points of the period recorded after it closed (0 for an open period).</param>
/// <param name="LastAmendedAt">When the latest of them was recorded, or null.</param>
/// <param name="Rows">The top of the board.</param>
public sealed record Leaderboard(
    LeaderboardPeriod Period,
    string? TenantId,
    bool Closed,
    long LateChanges,
    DateTimeOffset? LastAmendedAt,
    IReadOnlyList<LeaderboardRow> Rows
)
{
    public bool Amended => LateChanges > 0;
}

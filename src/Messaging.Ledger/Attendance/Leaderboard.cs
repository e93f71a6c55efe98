namespace Messaging.Ledger.Attendance;

// Each point counts when it was earned: an attendance when it happened, a week's bonus from the week's first attendance, a badge level
// when it was reached. Ties share a rank (1, 2, 2, 4).
/// <summary>
/// A period that closed before some of its points were recorded (a late attendance, a dead-letter replay) says so: <see cref="Amended"/>,
/// from <see cref="LateChanges"/> (0 for an open period). <see cref="TenantId"/> null: all tenants.
/// </summary>
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

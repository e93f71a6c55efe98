namespace Messaging.Ledger.Attendance;

/// <summary>
/// Item i of <see cref="StreakBonuses"/> is the bonus of a week whose streak is i + 1 weeks long; longer streaks get the last. Never
/// decreasing.
/// </summary>
public sealed record GamificationRules(IReadOnlyList<long> StreakBonuses, IReadOnlyList<BadgeRule> Badges)
{
    public long BonusFor(int streakLength) =>
        streakLength <= 0 || StreakBonuses.Count == 0 ? 0 : StreakBonuses[Math.Min(streakLength, StreakBonuses.Count) - 1];
}

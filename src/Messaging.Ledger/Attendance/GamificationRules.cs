namespace Messaging.Ledger.Attendance;

/// <summary>What attendance pays beyond its own points: streak bonuses by streak length, and badges.</summary> <param
/// name="StreakBonuses">Item i is the bonus of a week whose streak is i + 1 weeks long; longer streaks get the last. Never
/// decreasing.</param> <param name="Badges">The badges and their levels.</param>
public sealed record GamificationRules(IReadOnlyList<long> StreakBonuses, IReadOnlyList<BadgeRule> Badges)
{
    public long BonusFor(int streakLength) =>
        streakLength <= 0 || StreakBonuses.Count == 0 ? 0 : StreakBonuses[Math.Min(streakLength, StreakBonuses.Count) - 1];
}

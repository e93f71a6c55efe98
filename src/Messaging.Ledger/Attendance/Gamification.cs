namespace Messaging.Ledger.Attendance;

// A user's streaks and badges as a function of the set of their attendances, and of nothing else: not the order they arrived in, not how
// they were batched. That is what makes delivery order irrelevant: the settlement compares this with what was paid and pays the
// difference.
public static class Gamification
{
    public static GamificationState Of(IEnumerable<AttendanceFact> attendances, GamificationRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);

        // The order the user attended in (the event id settles ties), never the order the messages came in.
        var attended = attendances.OrderBy(a => a.AttendedAt).ThenBy(a => a.EventId, StringComparer.Ordinal).ToList();
        var weeks = new List<StreakWeek>();
        foreach (var first in attended.GroupBy(a => a.Week).Select(g => g.First()).OrderBy(a => a.Week))
        {
            var length = weeks.Count > 0 && weeks[^1].Week == first.Week.AddDays(-7) ? weeks[^1].Length + 1 : 1;
            weeks.Add(new StreakWeek(first.Week, length, first.AttendedAt, first.TenantId));
        }

        var badges = rules.Badges.SelectMany(badge => LevelsOf(badge, attended, weeks)).ToList();
        return new GamificationState(
            weeks,
            badges,
            attended.Count,
            attended.Select(a => a.EventType).Distinct(StringComparer.Ordinal).Count()
        );
    }

    private static IEnumerable<BadgeLevel> LevelsOf(BadgeRule badge, List<AttendanceFact> attended, List<StreakWeek> weeks)
    {
        // Walk the history in the order the user lived it; a level is reached at the first step that meets its threshold.
        var steps = badge.Measure switch
        {
            BadgeMeasure.Attendances => attended.Select((a, n) => (Value: (long)n + 1, a.AttendedAt, a.TenantId)),
            BadgeMeasure.DistinctEventTypes => DistinctTypeSteps(attended),
            BadgeMeasure.LongestStreak => weeks.Select(w => (Value: (long)w.Length, At: w.FirstAttendedAt, w.TenantId)),
            BadgeMeasure.EventTypeAttendances => attended
                .Where(a => string.Equals(a.EventType, badge.EventType, StringComparison.Ordinal))
                .Select((a, n) => (Value: (long)n + 1, a.AttendedAt, a.TenantId)),
            BadgeMeasure.Achievements => attended
                .Where(a => a.Achievements.Contains(badge.Achievement ?? "", StringComparer.Ordinal))
                .Select((a, n) => (Value: (long)n + 1, a.AttendedAt, a.TenantId)),
            BadgeMeasure.DistinctConnections => DistinctSteps(attended, a => a.ConnectedUserIds),
            BadgeMeasure.DistinctMembersBrought => DistinctSteps(attended, a => a.BroughtUserIds),
            _ => throw new ArgumentOutOfRangeException(nameof(badge), badge.Measure, "Unknown badge measure."),
        };

        var level = 0;
        foreach (var (value, at, tenant) in steps)
        {
            while (level < BadgeRule.Levels && value >= badge.Thresholds[level])
            {
                yield return new BadgeLevel(badge.Code, level + 1, badge.Thresholds[level], badge.Points[level], at, tenant);
                level++;
            }
        }
    }

    private static IEnumerable<(long Value, DateTimeOffset At, string? TenantId)> DistinctTypeSteps(List<AttendanceFact> attended)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attendance in attended.Where(a => seen.Add(a.EventType)))
        {
            yield return (seen.Count, attendance.AttendedAt, attendance.TenantId);
        }
    }

    // The count of distinct people so far, at each attendance that adds one; the user themself never counts as a connection or a member.
    private static IEnumerable<(long Value, DateTimeOffset At, string? TenantId)> DistinctSteps(
        List<AttendanceFact> attended,
        Func<AttendanceFact, IEnumerable<string>> values
    )
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attendance in attended)
        {
            var before = seen.Count;
            seen.UnionWith(values(attendance).Where(v => !string.Equals(v, attendance.UserId, StringComparison.Ordinal)));
            if (seen.Count > before)
            {
                yield return (seen.Count, attendance.AttendedAt, attendance.TenantId);
            }
        }
    }
}

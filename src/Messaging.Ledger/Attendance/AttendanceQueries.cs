using Dapper;
using Npgsql;

namespace Messaging.Ledger.Attendance;

// Points come from what was paid, never recomputed.
public sealed class AttendanceQueries(NpgsqlDataSource dataSource)
{
    private const string WeeksSql = """
        SELECT s.week, s.streak_length, s.bonus_paid, (SELECT count(*) FROM attendances a WHERE a.user_id = s.user_id AND a.week = s.week)
            AS attendances
        FROM attendance_streaks s WHERE s.user_id = @user ORDER BY s.week DESC
        """;

    private const string MeasuresSql = """
        SELECT count(*) AS attendances, count(DISTINCT event_type) AS distinct_event_types,
               coalesce((SELECT max(streak_length) FROM attendance_streaks WHERE user_id = @user), 0) AS longest_streak,
               (SELECT count(DISTINCT c) FROM attendances x CROSS JOIN unnest(x.connected_user_ids) AS c
                WHERE x.user_id = @user AND c <> @user) AS distinct_connections,
               (SELECT count(DISTINCT b) FROM attendances x CROSS JOIN unnest(x.brought_user_ids) AS b
                WHERE x.user_id = @user AND b <> @user) AS distinct_members_brought
        FROM attendances WHERE user_id = @user
        """;

    private const string ByEventTypeSql =
        "SELECT event_type, count(*) AS attendances FROM attendances WHERE user_id = @user GROUP BY event_type ORDER BY event_type";

    private const string ByAchievementSql = """
        SELECT a AS achievement, count(*) AS attendances FROM attendances CROSS JOIN unnest(achievements) AS a
        WHERE user_id = @user GROUP BY a ORDER BY a
        """;

    private const string LevelsSql =
        "SELECT badge, level, threshold, points, reached_at, awarded_at FROM attendance_badges WHERE user_id = @user ORDER BY badge, level";

    // Every point attendance earned, when it was earned and when it was recorded: an attendance, a week's streak bonus
    // (from the week's first attendance), a badge level (from the attendance that reached it).
    private const string PeriodPointsSql = """
        WITH earned AS (
            SELECT user_id, points, attended_at AS earned_at, tenant_id, recorded_at AS changed_at, 1 AS attendance FROM attendances
            UNION ALL SELECT user_id, bonus_paid, first_attended_at, tenant_id, updated_at, 0 FROM attendance_streaks WHERE bonus_paid > 0
            UNION ALL SELECT user_id, points, reached_at, tenant_id, updated_at, 0 FROM attendance_badges WHERE points > 0)
        SELECT * FROM earned WHERE earned_at >= @from AND earned_at < @to AND (@tenant = '' OR tenant_id = @tenant)
        """;

    private const string LeaderboardSql = $"""
        WITH period AS ({PeriodPointsSql}),
        board AS (
            SELECT user_id, sum(points)::bigint AS points, sum(attendance)::bigint AS attendances, rank() OVER (ORDER BY sum(points) DESC)
                AS rank
            FROM period GROUP BY user_id)
        SELECT rank, user_id, points, attendances FROM board WHERE rank <= @top ORDER BY rank, user_id
        """;

    private const string AmendmentsSql = $"""
        WITH period AS ({PeriodPointsSql})
        SELECT count(*) AS late, max(changed_at) AS last_amended FROM period WHERE changed_at >= @to
        """;

    private static readonly DateTimeOffset Beginning = new(1, 1, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(9999, 12, 30, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Weeks on <paramref name="zone"/>'s calendar; null when the user never attended.</summary>
    public async Task<UserStreak?> StreakAsync(string userId, DateTimeOffset now, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var weeks = (
            await connection.QueryAsync<StreakWeek>(
                new CommandDefinition(WeeksSql, new { user = userId }, cancellationToken: cancellationToken)
            )
        )
            .Select(w => (w.Week, Row: new WeekRow(IsoWeeks.Name(w.Week), w.StreakLength, w.BonusPaid, w.Attendances)))
            .ToList();
        if (weeks.Count == 0)
        {
            return null;
        }

        // This week is not over: a streak whose last week is last week is still alive.
        var alive = weeks[0].Week >= IsoWeeks.Of(now, zone).AddDays(-7);
        return new UserStreak(
            userId,
            alive ? weeks[0].Row.StreakLength : 0,
            weeks[0].Row.Week,
            weeks.Max(w => w.Row.StreakLength),
            weeks.Sum(w => w.Row.Attendances),
            weeks.Sum(w => w.Row.BonusPaid),
            [.. weeks.Select(w => w.Row)]
        );
    }

    /// <summary>Null when the user never attended.</summary>
    public async Task<UserBadges?> BadgesAsync(string userId, CancellationToken cancellationToken)
    {
        // The statements in one round trip, as one batch.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(
                $"{MeasuresSql};\n{ByEventTypeSql};\n{ByAchievementSql};\n{LevelsSql}",
                new { user = userId },
                cancellationToken: cancellationToken
            )
        );
        var measures = await results.ReadSingleAsync<Measures>();
        if (measures.Attendances == 0)
        {
            return null;
        }

        var byEventType = (await results.ReadAsync<EventTypeCount>()).ToDictionary(
            c => c.EventType,
            c => c.Attendances,
            StringComparer.Ordinal
        );
        var byAchievement = (await results.ReadAsync<AchievementCount>()).ToDictionary(
            c => c.Achievement,
            c => c.Attendances,
            StringComparer.Ordinal
        );
        var levels = (await results.ReadAsync<AwardedLevel>()).AsList();
        return new UserBadges(userId, measures.Attendances, measures.DistinctEventTypes, measures.LongestStreak, byEventType, levels)
        {
            AttendancesByAchievement = byAchievement,
            DistinctConnections = measures.DistinctConnections,
            DistinctMembersBrought = measures.DistinctMembersBrought,
        };
    }

    /// <summary>Ties at the cut are included.</summary>
    public async Task<Leaderboard> LeaderboardAsync(
        LeaderboardPeriod period,
        string? tenantId,
        int top,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(period);
        var closed = period.IsClosedAt(now);
        var parameters = new
        {
            from = (period.From ?? Beginning).ToUniversalTime(),
            to = (period.To ?? End).ToUniversalTime(),
            tenant = tenantId ?? "",
            top = (long)top,
        };

        // The board and, for a closed period, what changed in it after it closed: one round trip, as one batch.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(
                closed ? $"{LeaderboardSql};\n{AmendmentsSql}" : LeaderboardSql,
                parameters,
                cancellationToken: cancellationToken
            )
        );
        var rows = (await results.ReadAsync<LeaderboardRow>()).AsList();
        var amendments = closed ? await results.ReadSingleAsync<Amendments>() : new Amendments(0, null);
        return new Leaderboard(period, tenantId, closed, amendments.Late, amendments.LastAmended, rows);
    }

    private sealed record StreakWeek(DateOnly Week, int StreakLength, long BonusPaid, long Attendances);

    private sealed record Measures(
        long Attendances,
        long DistinctEventTypes,
        int LongestStreak,
        long DistinctConnections,
        long DistinctMembersBrought
    );

    private sealed record AchievementCount(string Achievement, long Attendances);

    private sealed record EventTypeCount(string EventType, long Attendances);

    private sealed record Amendments(long Late, DateTimeOffset? LastAmended);
}

using Npgsql;
using NpgsqlTypes;

namespace Messaging.Ledger.Attendance;

/// <summary>Reads of attendance: a user's streak and badges, and leaderboards. Points come from what was paid, never recomputed.</summary>
public sealed class AttendanceQueries(NpgsqlDataSource dataSource)
{
    private const string WeeksSql = """
        SELECT s.week, s.streak_length, s.bonus_paid, (SELECT count(*) FROM attendances a WHERE a.user_id = s.user_id AND a.week = s.week)
        FROM attendance_streaks s WHERE s.user_id = @user ORDER BY s.week DESC
        """;

    private const string MeasuresSql = """
        SELECT count(*), count(DISTINCT event_type), coalesce((SELECT max(streak_length) FROM attendance_streaks WHERE user_id = @user), 0)
        FROM attendances WHERE user_id = @user
        """;

    private const string LevelsSql = "SELECT badge, level, threshold, points, reached_at, awarded_at FROM attendance_badges WHERE user_id = @user ORDER BY badge, level";

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
            SELECT user_id, sum(points)::bigint AS points, sum(attendance)::bigint AS attendances, rank() OVER (ORDER BY sum(points) DESC) AS rank
            FROM period GROUP BY user_id)
        SELECT rank, user_id, points, attendances FROM board WHERE rank <= @top ORDER BY rank, user_id
        """;

    private const string AmendmentsSql = $"""
        WITH period AS ({PeriodPointsSql})
        SELECT count(*), max(changed_at) FROM period WHERE changed_at >= @to
        """;

    private static readonly DateTimeOffset Beginning = new(1, 1, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(9999, 12, 30, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A user's streak as of <paramref name="now"/> (weeks on <paramref name="zone"/>'s calendar); null when they never attended.</summary>
    public async Task<UserStreak?> StreakAsync(string userId, DateTimeOffset now, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var weeks = new List<(DateOnly Week, WeekRow Row)>();
        await using (var command = dataSource.CreateCommand(WeeksSql))
        {
            command.Parameters.AddWithValue("user", userId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var week = reader.GetFieldValue<DateOnly>(0);
                weeks.Add((week, new WeekRow(IsoWeeks.Name(week), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3))));
            }
        }

        if (weeks.Count == 0)
        {
            return null;
        }

        // This week is not over: a streak whose last week is last week is still alive.
        var alive = weeks[0].Week >= IsoWeeks.Of(now, zone).AddDays(-7);
        return new UserStreak(userId, alive ? weeks[0].Row.StreakLength : 0, weeks[0].Row.Week, weeks.Max(w => w.Row.StreakLength),
            weeks.Sum(w => w.Row.Attendances), weeks.Sum(w => w.Row.BonusPaid), [.. weeks.Select(w => w.Row)]);
    }

    /// <summary>A user's badge levels and measures; null when they never attended.</summary>
    public async Task<UserBadges?> BadgesAsync(string userId, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var sql in new[] { MeasuresSql, LevelsSql })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddWithValue("user", userId);
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (attendances, types, longest) = (reader.GetInt64(0), reader.GetInt64(1), (long)reader.GetInt32(2));
        if (attendances == 0)
        {
            return null;
        }

        await reader.NextResultAsync(cancellationToken);
        var levels = new List<AwardedLevel>();
        while (await reader.ReadAsync(cancellationToken))
        {
            levels.Add(new AwardedLevel(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return new UserBadges(userId, attendances, types, longest, levels);
    }

    /// <summary>The top <paramref name="top"/> ranks of <paramref name="period"/> (ties at the cut included), as of <paramref name="now"/>.</summary>
    public async Task<Leaderboard> LeaderboardAsync(LeaderboardPeriod period, string? tenantId, int top, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var closed = period.IsClosedAt(now);
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(WithPeriod(new NpgsqlBatchCommand(LeaderboardSql), period, tenantId));
        batch.BatchCommands[0].Parameters.AddWithValue("top", (long)top);
        if (closed)
        {
            batch.BatchCommands.Add(WithPeriod(new NpgsqlBatchCommand(AmendmentsSql), period, tenantId));
        }

        var rows = new List<LeaderboardRow>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new LeaderboardRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        var (late, lastAmended) = (0L, (DateTimeOffset?)null);
        if (closed && await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken))
        {
            (late, lastAmended) = (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
        }

        return new Leaderboard(period, tenantId, closed, late, lastAmended, rows);
    }

    private static NpgsqlBatchCommand WithPeriod(NpgsqlBatchCommand command, LeaderboardPeriod period, string? tenantId)
    {
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", (period.From ?? Beginning).ToUniversalTime()) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", (period.To ?? End).ToUniversalTime()) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.AddWithValue("tenant", tenantId ?? "");
        return command;
    }
}

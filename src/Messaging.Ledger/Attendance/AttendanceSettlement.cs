using System.Globalization;
using System.Text.Json;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Npgsql;
using NpgsqlTypes;

namespace Messaging.Ledger.Attendance;

// Recomputes each user's streaks and badges from all of their attendances (Gamification) and pays the difference to what was paid before:
// - a newly counted week's bonus (streak-bonus:{user}:{week})
// - a top-up when a late attendance lengthens a week's streak (streak-bonus:{user}:{week}:length-{n})
// - each newly reached badge level (badge:{user}:{badge}:{level})
// Bonuses never decrease with length, so a correction only ever pays more; history is never edited. Runs under the lock of the users'
// wallets, so one user's settlements never overlap.
public sealed class AttendanceSettlement(GamificationRules rules) : ILedgerSettlement<AttendanceFact, AttendanceSettled>
{
    // The lists travel as one JSON array per attendance: unnest cannot take an array of arrays of different lengths.
    private const string InsertSql = """
        INSERT INTO attendances (event_id, user_id, event_type, attended_at, week, points, tenant_id, recorded_at, achievements,
            brought_user_ids, connected_user_ids)
        SELECT e, u, t, a, w, p, tn, r, ARRAY(SELECT jsonb_array_elements_text(ac)), ARRAY(SELECT jsonb_array_elements_text(br)),
            ARRAY(SELECT jsonb_array_elements_text(co))
        FROM unnest(@event_ids, @user_ids, @event_types, @attended_at, @weeks, @points, @tenants, @recorded_at, @achievements, @brought,
            @connected) AS x(e, u, t, a, w, p, tn, r, ac, br, co)
        """;

    // One index lookup per user (LATERAL), whatever the planner thinks of a growing table it has not analysed yet.
    private const string HistorySql = """
        SELECT a.event_id, a.user_id, a.event_type, a.attended_at, a.week, a.points, a.tenant_id, a.recorded_at, a.achievements,
            a.brought_user_ids, a.connected_user_ids
        FROM unnest(@users) AS u(user_id) CROSS JOIN LATERAL (SELECT * FROM attendances x WHERE x.user_id = u.user_id) a
        """;

    // Only the weeks an attendance of the batch can change: its own and those after it (a streak looks back, never ahead).
    private const string StreaksSql = """
        SELECT s.user_id, s.week, s.streak_length, s.bonus_paid, s.first_attended_at, s.tenant_id
        FROM unnest(@users, @from_weeks) AS f(user_id, week)
        CROSS JOIN LATERAL (SELECT * FROM attendance_streaks x WHERE x.user_id = f.user_id AND x.week >= f.week) s
        """;

    private const string BadgesSql = """
        SELECT b.user_id, b.badge, b.level, b.reached_at, b.tenant_id
        FROM unnest(@users) AS u(user_id) CROSS JOIN LATERAL (SELECT * FROM attendance_badges x WHERE x.user_id = u.user_id) b
        """;

    private const string SaveStreaksSql = """
        INSERT INTO attendance_streaks (user_id, week, streak_length, bonus_paid, first_attended_at, tenant_id, updated_at)
        SELECT * FROM unnest(@user_ids, @weeks, @lengths, @bonuses, @first_attended_at, @tenants, @updated_at)
        ON CONFLICT (user_id, week) DO UPDATE SET streak_length = excluded.streak_length, bonus_paid = excluded.bonus_paid,
            first_attended_at = excluded.first_attended_at, tenant_id = excluded.tenant_id, updated_at = excluded.updated_at
        """;

    // A level's threshold and points stay what was paid; only when it was reached moves, should a late attendance show it earlier.
    private const string SaveBadgesSql = """
        INSERT INTO attendance_badges (user_id, badge, level, threshold, points, reached_at, tenant_id, awarded_at, updated_at)
        SELECT u, b, l, t, p, r, tn, a, a FROM unnest(@user_ids, @badges, @levels, @thresholds, @points, @reached_at, @tenants, @updated_at)
            AS x(u, b, l, t, p, r, tn, a)
        ON CONFLICT (user_id, badge, level) DO UPDATE SET reached_at = excluded.reached_at, tenant_id = excluded.tenant_id, updated_at =
            excluded.updated_at
        """;

    public async Task<IReadOnlyList<Settled<AttendanceSettled>>> SettleAsync(
        NpgsqlConnection connection,
        IReadOnlyList<AttendanceFact> attendances,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(attendances);

        // Per user, once: their last attendance in the batch (which carries what is settled) and their earliest week.
        var byUser = attendances
            .Select((a, index) => (a, index))
            .GroupBy(x => x.a.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Last: g.Max(x => x.index), Earliest: g.Min(x => x.a.Week)), StringComparer.Ordinal);
        var users = byUser.Keys.ToArray();
        var (history, streaks, badges) = await RecordAndReadAsync(
            connection,
            attendances,
            users,
            [.. users.Select(u => byUser[u].Earliest)],
            cancellationToken
        );

        var results = new Settled<AttendanceSettled>[attendances.Count];
        Array.Fill(results, new Settled<AttendanceSettled>([], AttendanceSettled.Nothing));
        var streakRows = new List<(string User, StreakWeek Week, long Bonus, DateTimeOffset At)>();
        var badgeRows = new List<(string User, BadgeLevel Level, DateTimeOffset At)>();
        foreach (var user in users)
        {
            // Everything the batch settles for a user goes with their last attendance in it.
            var (last, earliest) = byUser[user];
            var now = attendances[last].RecordedAt;
            var state = Gamification.Of(history[user], rules);
            var entries = new List<EntryDraft>();
            var changes = SettleStreaks(
                user,
                state,
                earliest,
                streaks.GetValueOrDefault(user) ?? [],
                now,
                entries,
                streakRows,
                out var broken
            );
            var awarded = SettleBadges(user, state, badges.GetValueOrDefault(user) ?? [], now, entries, badgeRows);
            results[last] = new Settled<AttendanceSettled>(entries, new AttendanceSettled(changes, broken, awarded));
        }

        await SaveAsync(connection, streakRows, badgeRows, cancellationToken);
        return results;
    }

    /// <summary>Nothing for an attendance that was not applied here.</summary>
    public static AttendanceSettled ResultOf(LedgerOutcome outcome) =>
        outcome?.Settlement as AttendanceSettled ?? AttendanceSettled.Nothing;

    /// <summary>The same as the attendance's own.</summary>
    public static IReadOnlyList<AccountRef> AccountsOf(string userId) =>
        [AccountRef.IssuanceOf(Issuers.Events), AccountRef.UserWallet(userId)];

    public static string WeekBonusKey(string userId, DateOnly week) => $"streak-bonus:{userId}:{IsoWeeks.Name(week)}";

    public static string TopUpKey(string userId, DateOnly week, int length) =>
        $"streak-bonus:{userId}:{IsoWeeks.Name(week)}:length-{length}";

    public static string BadgeKey(string userId, string badge, int level) => $"badge:{userId}:{badge}:{level}";

    // Earlier weeks than from cannot have changed.
    private List<StreakChange> SettleStreaks(
        string user,
        GamificationState state,
        DateOnly from,
        Dictionary<DateOnly, (int Length, long Bonus, DateTimeOffset First, string? Tenant)> paid,
        DateTimeOffset now,
        List<EntryDraft> entries,
        List<(string, StreakWeek, long, DateTimeOffset)> rows,
        out List<BrokenStreak> broken
    )
    {
        var changes = new List<StreakChange>();
        broken = [];
        for (var i = 0; i < state.Weeks.Count; i++)
        {
            var week = state.Weeks[i];
            if (week.Week < from)
            {
                continue;
            }

            var target = rules.BonusFor(week.Length);
            if (!paid.TryGetValue(week.Week, out var before))
            {
                if (target > 0)
                {
                    entries.Add(Bonus(WeekBonusKey(user, week.Week), user, week, target, target));
                }

                if (i > 0 && state.Weeks[i - 1].Week != week.Week.AddDays(-7))
                {
                    broken.Add(new BrokenStreak(week.Week, state.Weeks[i - 1].Week, state.Weeks[i - 1].Length));
                }

                changes.Add(new StreakChange(week.Week, week.Length, target, target, Retroactive: false));
                rows.Add((user, week, target, now));
                continue;
            }

            if (week.Length != before.Length)
            {
                // A late attendance joined this week to the run before it. Never less than was paid: a table lowered since is not clawed
                // back.
                var topUp = Math.Max(0, target - before.Bonus);
                if (topUp > 0)
                {
                    entries.Add(Bonus(TopUpKey(user, week.Week, week.Length), user, week, topUp, before.Bonus + topUp));
                }

                changes.Add(new StreakChange(week.Week, week.Length, topUp, before.Bonus + topUp, Retroactive: true));
                rows.Add((user, week, before.Bonus + topUp, now));
            }
            else if (week.FirstAttendedAt != before.First || week.TenantId != before.Tenant)
            {
                rows.Add((user, week, before.Bonus, now));
            }
        }

        return changes;
    }

    private static List<BadgeLevel> SettleBadges(
        string user,
        GamificationState state,
        Dictionary<(string, int), (DateTimeOffset ReachedAt, string? Tenant)> awarded,
        DateTimeOffset now,
        List<EntryDraft> entries,
        List<(string, BadgeLevel, DateTimeOffset)> rows
    )
    {
        var reached = new List<BadgeLevel>();
        foreach (var level in state.Badges)
        {
            if (!awarded.TryGetValue((level.Badge, level.Level), out var before))
            {
                if (level.Points > 0)
                {
                    entries.Add(
                        EntryDraft.Transfer(
                            BadgeKey(user, level.Badge, level.Level),
                            EntryTypes.BadgeAward,
                            $"{user} reached level {level.Level} of badge {level.Badge}",
                            PayloadHash.Of(
                                user,
                                level.Badge,
                                level.Level.ToString(CultureInfo.InvariantCulture),
                                level.Points.ToString(CultureInfo.InvariantCulture)
                            ),
                            level.ReachedAt,
                            AccountRef.IssuanceOf(Issuers.Events),
                            AccountRef.UserWallet(user),
                            level.Points,
                            JsonSerializer.Serialize(
                                new
                                {
                                    UserId = user,
                                    level.Badge,
                                    level.Level,
                                    level.Threshold,
                                    level.Points,
                                    level.TenantId,
                                }
                            )
                        )
                    );
                }

                reached.Add(level);
                rows.Add((user, level, now));
            }
            else if (before.ReachedAt != level.ReachedAt || before.Tenant != level.TenantId)
            {
                rows.Add((user, level, now));
            }
        }

        return reached;
    }

    private static EntryDraft Bonus(string key, string user, StreakWeek week, long amount, long weekTotal) =>
        EntryDraft.Transfer(
            key,
            EntryTypes.StreakBonus,
            $"{user}'s weekly streak of {week.Length} in {IsoWeeks.Name(week.Week)}",
            PayloadHash.Of(
                user,
                IsoWeeks.Name(week.Week),
                week.Length.ToString(CultureInfo.InvariantCulture),
                amount.ToString(CultureInfo.InvariantCulture)
            ),
            week.FirstAttendedAt,
            AccountRef.IssuanceOf(Issuers.Events),
            AccountRef.UserWallet(user),
            amount,
            JsonSerializer.Serialize(
                new
                {
                    UserId = user,
                    Week = IsoWeeks.Name(week.Week),
                    StreakLength = week.Length,
                    Bonus = amount,
                    WeekBonusTotal = weekTotal,
                    week.TenantId,
                }
            )
        );

    private static async Task<(
        Dictionary<string, List<AttendanceFact>> History,
        Dictionary<string, Dictionary<DateOnly, (int, long, DateTimeOffset, string?)>> Streaks,
        Dictionary<string, Dictionary<(string, int), (DateTimeOffset, string?)>> Badges
    )> RecordAndReadAsync(
        NpgsqlConnection connection,
        IReadOnlyList<AttendanceFact> attendances,
        string[] users,
        DateOnly[] fromWeeks,
        CancellationToken cancellationToken
    )
    {
        await using var batch = new NpgsqlBatch(connection);
        var insert = new NpgsqlBatchCommand(InsertSql);
        insert.Parameters.Add(new NpgsqlParameter<string[]>("event_ids", [.. attendances.Select(a => a.EventId)]));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("user_ids", [.. attendances.Select(a => a.UserId)]));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("event_types", [.. attendances.Select(a => a.EventType)]));
        insert.Parameters.Add(
            new NpgsqlParameter<DateTime[]>("attended_at", [.. attendances.Select(a => a.AttendedAt.UtcDateTime)])
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            }
        );
        insert.Parameters.Add(
            new NpgsqlParameter<DateOnly[]>("weeks", [.. attendances.Select(a => a.Week)])
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date,
            }
        );
        insert.Parameters.Add(new NpgsqlParameter<long[]>("points", [.. attendances.Select(a => a.Points)]));
        insert.Parameters.Add(new NpgsqlParameter<string?[]>("tenants", [.. attendances.Select(a => a.TenantId)]));
        insert.Parameters.Add(
            new NpgsqlParameter<DateTime[]>("recorded_at", [.. attendances.Select(a => a.RecordedAt.UtcDateTime)])
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            }
        );
        foreach (
            var (name, lists) in new (string, Func<AttendanceFact, IReadOnlyList<string>>)[]
            {
                ("achievements", a => a.Achievements),
                ("brought", a => a.BroughtUserIds),
                ("connected", a => a.ConnectedUserIds),
            }
        )
        {
            insert.Parameters.Add(
                new NpgsqlParameter<string[]>(name, [.. attendances.Select(a => JsonSerializer.Serialize(lists(a)))])
                {
                    NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
                }
            );
        }

        batch.BatchCommands.Add(insert);
        foreach (var sql in new[] { HistorySql, StreaksSql, BadgesSql })
        {
            var read = new NpgsqlBatchCommand(sql);
            read.Parameters.Add(new NpgsqlParameter<string[]>("users", users));
            batch.BatchCommands.Add(read);
        }

        batch
            .BatchCommands[2]
            .Parameters.Add(
                new NpgsqlParameter<DateOnly[]>("from_weeks", fromWeeks) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date }
            );

        var history = users.ToDictionary(u => u, _ => new List<AttendanceFact>(), StringComparer.Ordinal);
        var streaks = new Dictionary<string, Dictionary<DateOnly, (int, long, DateTimeOffset, string?)>>(StringComparer.Ordinal);
        var badges = new Dictionary<string, Dictionary<(string, int), (DateTimeOffset, string?)>>(StringComparer.Ordinal);
        // The insert returns no rows, so the reader starts at the history.
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            history[reader.GetString(1)]
                .Add(
                    new AttendanceFact(
                        reader.GetString(0),
                        reader.GetString(1),
                        reader.GetString(2),
                        reader.GetFieldValue<DateTimeOffset>(3),
                        reader.GetFieldValue<DateOnly>(4),
                        reader.GetInt64(5),
                        reader.IsDBNull(6) ? null : reader.GetString(6),
                        reader.GetFieldValue<DateTimeOffset>(7)
                    )
                    {
                        Achievements = reader.GetFieldValue<string[]>(8),
                        BroughtUserIds = reader.GetFieldValue<string[]>(9),
                        ConnectedUserIds = reader.GetFieldValue<string[]>(10),
                    }
                );
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var user = reader.GetString(0);
            (streaks.TryGetValue(user, out var weeks) ? weeks : streaks[user] = [])[reader.GetFieldValue<DateOnly>(1)] = (
                reader.GetInt32(2),
                reader.GetInt64(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)
            );
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var user = reader.GetString(0);
            (badges.TryGetValue(user, out var levels) ? levels : badges[user] = [])[(reader.GetString(1), reader.GetInt32(2))] = (
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)
            );
        }

        return (history, streaks, badges);
    }

    private static async Task SaveAsync(
        NpgsqlConnection connection,
        List<(string User, StreakWeek Week, long Bonus, DateTimeOffset At)> streaks,
        List<(string User, BadgeLevel Level, DateTimeOffset At)> badges,
        CancellationToken cancellationToken
    )
    {
        await using var batch = new NpgsqlBatch(connection);
        if (streaks.Count > 0)
        {
            var save = new NpgsqlBatchCommand(SaveStreaksSql);
            save.Parameters.Add(new NpgsqlParameter<string[]>("user_ids", [.. streaks.Select(s => s.User)]));
            save.Parameters.Add(
                new NpgsqlParameter<DateOnly[]>("weeks", [.. streaks.Select(s => s.Week.Week)])
                {
                    NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date,
                }
            );
            save.Parameters.Add(new NpgsqlParameter<int[]>("lengths", [.. streaks.Select(s => s.Week.Length)]));
            save.Parameters.Add(new NpgsqlParameter<long[]>("bonuses", [.. streaks.Select(s => s.Bonus)]));
            save.Parameters.Add(
                new NpgsqlParameter<DateTime[]>("first_attended_at", [.. streaks.Select(s => s.Week.FirstAttendedAt.UtcDateTime)])
                {
                    NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
                }
            );
            save.Parameters.Add(new NpgsqlParameter<string?[]>("tenants", [.. streaks.Select(s => s.Week.TenantId)]));
            save.Parameters.Add(
                new NpgsqlParameter<DateTime[]>("updated_at", [.. streaks.Select(s => s.At.UtcDateTime)])
                {
                    NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
                }
            );
            batch.BatchCommands.Add(save);
        }

        if (badges.Count > 0)
        {
            var save = new NpgsqlBatchCommand(SaveBadgesSql);
            save.Parameters.Add(new NpgsqlParameter<string[]>("user_ids", [.. badges.Select(b => b.User)]));
            save.Parameters.Add(new NpgsqlParameter<string[]>("badges", [.. badges.Select(b => b.Level.Badge)]));
            save.Parameters.Add(new NpgsqlParameter<int[]>("levels", [.. badges.Select(b => b.Level.Level)]));
            save.Parameters.Add(new NpgsqlParameter<long[]>("thresholds", [.. badges.Select(b => b.Level.Threshold)]));
            save.Parameters.Add(new NpgsqlParameter<long[]>("points", [.. badges.Select(b => b.Level.Points)]));
            save.Parameters.Add(
                new NpgsqlParameter<DateTime[]>("reached_at", [.. badges.Select(b => b.Level.ReachedAt.UtcDateTime)])
                {
                    NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
                }
            );
            save.Parameters.Add(new NpgsqlParameter<string?[]>("tenants", [.. badges.Select(b => b.Level.TenantId)]));
            save.Parameters.Add(
                new NpgsqlParameter<DateTime[]>("updated_at", [.. badges.Select(b => b.At.UtcDateTime)])
                {
                    NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
                }
            );
            batch.BatchCommands.Add(save);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

using Messaging.Ledger.Attendance;

namespace Messaging.UnitTests.Attendance;

/// <summary>The rules as a function of the set of attendances: streak lengths, bonuses, badge levels and when each was reached.</summary>
public sealed class GamificationTests
{
    private static readonly GamificationRules Rules = new AttendanceOptions().Rules();
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Should_count_consecutive_weeks_and_start_again_after_a_missed_one()
    {
        var state = Gamification.Of([At(0), At(1), At(1, day: 3), At(3), At(4), At(5)], Rules);

        Assert.Equal([1, 2, 1, 2, 3], state.Weeks.Select(w => w.Length));
        Assert.Equal(3, state.LongestStreak);
        Assert.Equal(0 + 10 + 0 + 10 + 20, state.Weeks.Sum(w => Rules.BonusFor(w.Length)));
        Assert.Equal(50, Rules.BonusFor(12));
    }

    [Fact]
    public void Should_give_the_same_state_whatever_order_the_attendances_come_in()
    {
        AttendanceFact[] history = [At(0, "talk"), At(1, "hike"), At(2), At(2, "talk", day: 1), At(4, "trivia"), At(3)];

        var reference = Gamification.Of(history, Rules);
        foreach (
            var order in new[]
            {
                history.Reverse(),
                history.OrderBy(a => a.EventType, StringComparer.Ordinal),
                history.Skip(3).Concat(history.Take(3)),
            }
        )
        {
            var state = Gamification.Of(order, Rules);
            Assert.Equal(reference.Weeks, state.Weeks);
            Assert.Equal(reference.Badges, state.Badges);
        }
    }

    [Fact]
    public void Should_reach_badge_levels_in_the_order_the_user_attended_and_award_each_level_passed_at_once()
    {
        var state = Gamification.Of([At(0, "talk"), At(1, "hike"), At(2, "trivia"), At(3, "workshop"), At(3, "meetup", day: 2)], Rules);

        var explorer = state.Badges.Where(b => b.Badge == "event-explorer").ToList();
        Assert.Equal([1, 2, 3], explorer.Select(b => b.Level));
        Assert.Equal([Monday.AddDays(7), Monday.AddDays(14), Monday.AddDays(23)], explorer.Select(b => b.ReachedAt));
        var consistent = state.Badges.Where(b => b.Badge == "consistent-attendee").ToList();
        Assert.Equal([(1, 2L), (2, 4L)], consistent.Select(b => (b.Level, b.Threshold)));
        Assert.Equal([20L, 40L], consistent.Select(b => b.Points));
        Assert.Equal(Monday.AddDays(7), consistent[0].ReachedAt);
        Assert.Equal("regular", Assert.Single(state.Badges, b => b.Badge == "regular").Badge);
    }

    [Fact]
    public void Should_count_only_the_badges_event_type_when_it_counts_one_whatever_order_the_attendances_come_in()
    {
        var rules = new GamificationRules(
            [0],
            [
                new BadgeRule(
                    "trivia-master",
                    "Trivia Master",
                    BadgeMeasure.EventTypeAttendances,
                    [1, 2, 3, 4, 5],
                    [5, 10, 15, 20, 25],
                    "trivia"
                ),
            ]
        );
        AttendanceFact[] history = [At(0, "trivia"), At(1, "talk"), At(2, "trivia"), At(2, "hike", day: 1), At(3, "trivia")];

        var state = Gamification.Of(history, rules);

        Assert.Equal([1, 2, 3], state.Badges.Select(b => b.Level));
        Assert.Equal([Monday, Monday.AddDays(14), Monday.AddDays(21)], state.Badges.Select(b => b.ReachedAt));
        Assert.Equal(state.Badges, Gamification.Of(history.Reverse(), rules).Badges);
    }

    [Theory]
    [InlineData("2025-12-29T00:00:00Z", "UTC", "2026-W01")]
    [InlineData("2026-11-29T23:30:00Z", "UTC", "2026-W48")]
    [InlineData("2026-11-29T23:30:00Z", "Europe/Paris", "2026-W49")]
    [InlineData("2027-01-03T12:00:00Z", "UTC", "2026-W53")]
    public void Should_name_the_iso_week_on_the_time_zones_calendar(string at, string zone, string week)
    {
        var monday = IsoWeeks.Of(
            DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture),
            TimeZoneInfo.FindSystemTimeZoneById(zone)
        );

        Assert.Equal(DayOfWeek.Monday, monday.DayOfWeek);
        Assert.Equal(week, IsoWeeks.Name(monday));
        Assert.Equal(monday, IsoWeeks.Parse(week));
    }

    [Fact]
    public void Should_start_a_months_leaderboard_at_midnight_in_the_time_zone()
    {
        var period = LeaderboardPeriod.Of(
            "month",
            new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero),
            TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")
        );

        Assert.Equal("2026-12", period.Name);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero), period.From);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.Zero), period.To);
    }

    [Fact]
    public void Should_count_seed_003s_trivia_wins_connections_and_members_brought_when_the_badges_are_configured()
    {
        var options = new AttendanceOptions();
        options.Badges.Clear();
        options.Badges["trivia-master"] = new()
        {
            Name = "Trivia Master",
            Measure = BadgeMeasure.Achievements,
            Achievement = "trivia-win",
            Thresholds = "1,2,3,4,5",
        };
        options.Badges["social-butterfly"] = new()
        {
            Name = "Social Butterfly",
            Measure = BadgeMeasure.DistinctConnections,
            Thresholds = "2,3,4,5,6",
        };
        options.Badges["community-builder"] = new()
        {
            Name = "Community Builder",
            Measure = BadgeMeasure.DistinctMembersBrought,
            Thresholds = "1,2,3,4,5",
        };
        AttendanceFact[] history =
        [
            At(0, "trivia") with
            {
                Achievements = ["trivia-win"],
                ConnectedUserIds = ["ann", "bo"],
            },
            At(1, "trivia") with
            {
                Achievements = ["hackathon"],
                ConnectedUserIds = ["bo", "cy", "u"],
                BroughtUserIds = ["new-1"],
            },
            At(2, "trivia") with
            {
                Achievements = ["trivia-win"],
                BroughtUserIds = ["new-1"],
            },
        ];

        var levels = Gamification.Of(history.Reverse(), options.Rules()).Badges.Select(b => $"{b.Badge} {b.Level} {b.ReachedAt:MM-dd}");

        // Wins in weeks 0 and 2; connections ann, bo, then cy (the user themself never counts); new-1 counted once.
        Assert.Equal(
            [
                "community-builder 1 03-09",
                "social-butterfly 1 03-02",
                "social-butterfly 2 03-09",
                "trivia-master 1 03-02",
                "trivia-master 2 03-16",
            ],
            levels.Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public void Should_name_the_setting_when_an_achievements_badge_names_no_achievement_or_a_bonus_is_out_of_range()
    {
        var options = new AttendanceOptions();
        options.Badges["trivia-master"] = new()
        {
            Name = "Trivia Master",
            Measure = BadgeMeasure.Achievements,
            Thresholds = "1,2,3,4,5",
        };
        options.ActivityBonuses["hackathon"] = 0;

        var problems = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(r => r.ErrorMessage);

        Assert.Contains(problems, p => p!.StartsWith("Attendance:Badges:trivia-master:Achievement is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p!.StartsWith("Attendance:ActivityBonuses:hackathon is 0", StringComparison.Ordinal));
    }

    private static AttendanceFact At(int week, string type = "workshop", int day = 0)
    {
        var at = Monday.AddDays((7 * week) + day);
        return new AttendanceFact($"e-{week}-{day}-{type}", "u", type, at, IsoWeeks.Of(at, TimeZoneInfo.Utc), 10, null, at);
    }
}

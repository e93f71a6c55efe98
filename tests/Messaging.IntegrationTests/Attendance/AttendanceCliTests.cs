using System.Globalization;
using System.Text.Json;
using Messaging.Admin;
using Messaging.Ledger.Attendance;
using static Messaging.IntegrationTests.Attendance.AttendanceMessages;

namespace Messaging.IntegrationTests.Attendance;

/// <summary>
/// The admin tool's attendance reads (leaderboard, streak, badges) over what the real processor applied, and an
/// attendance dead-lettered for an unregistered tenant replayed a week later with the right streak.
/// </summary>
[Collection(FeaturesCollection.Name)]
public sealed class AttendanceCliTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_rank_a_week_with_shared_ranks_and_say_when_a_late_attendance_amended_it_after_it_closed()
    {
        // A week that closed three weeks ago, its attendances recorded while it was open, then one more recorded today.
        var monday = IsoWeeks.Of(DateTimeOffset.UtcNow.AddDays(-21), TimeZoneInfo.Utc).ToDateTime(new TimeOnly(10, 0));
        var start = new DateTimeOffset(monday, TimeSpan.Zero);
        var clock = new SettableClock(start.AddDays(1));
        await using (await InProcessProcessor.StartAsync(Servers, clock: clock))
        {
            await PayAsync(Attended("w1", "ann", "workshop", start, 25));
            await PayAsync(Attended("w1", "bob", "workshop", start.AddHours(1), 25));
            await PayAsync(Attended("w2", "cid", "meetup", start.AddDays(1), 10));
            var at = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

            var before = await BoardAsync("--period", "week", "--at", at);
            Assert.True(before.GetProperty("closed").GetBoolean());
            Assert.False(before.GetProperty("amended").GetBoolean());
            Assert.Equal(["1 ann 25", "1 bob 25", "3 cid 10"], Rows(before));

            clock.Now = DateTimeOffset.UtcNow;
            await PayAsync(Attended("w3", "cid", "talk", start.AddDays(2), 30));
            var after = await BoardAsync("--period", "week", "--at", at);
            Assert.True(after.GetProperty("amended").GetBoolean());
            Assert.True(after.GetProperty("lateChanges").GetInt64() >= 1);
            Assert.Equal(["1 cid 60", "2 ann 25", "2 bob 25"], Rows(after));
            Assert.Equal(["1 cid 60"], Rows(await BoardAsync("--period", "week", "--at", at, "--top", "1")));
            Assert.Equal(["1 cid 60", "2 ann 25", "2 bob 25"], Rows(await BoardAsync("--period", "week", "--at", at, "--top", "2")));

            var (code, text, _) = await RunAsync("leaderboard", "--period", "week", "--at", at);
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains($"week {IsoWeeks.Name(DateOnly.FromDateTime(monday))}", text, StringComparison.Ordinal);
            Assert.Contains("closed, AMENDED", text, StringComparison.Ordinal);
        }

        var (unknown, _, error) = await RunAsync("leaderboard", "--tenant", "nobody");
        Assert.Equal(ExitCodes.NotFound, unknown);
        Assert.Contains("No tenant 'nobody' is registered", error, StringComparison.Ordinal);
        var (badPeriod, _, periodError) = await RunAsync("leaderboard", "--period", "year");
        Assert.Equal(ExitCodes.Usage, badPeriod);
        Assert.Contains("year", periodError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_show_a_users_current_streak_and_badges()
    {
        var now = DateTimeOffset.UtcNow;
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await PayAsync(Attended("s1", "dan", "workshop", now.AddDays(-14), 10));
            await PayAsync(Attended("s2", "dan", "meetup", now.AddDays(-7), 10));
            await PayAsync(Attended("s3", "dan", "workshop", now, 10));
        }

        var (code, output, error) = await RunAsync("streak", "dan", "--json");
        Assert.True(code == ExitCodes.Ok, error);
        var streak = JsonDocument.Parse(output).RootElement;
        Assert.Equal(
            (3, 3, 3L, 30L),
            (
                streak.GetProperty("current").GetInt32(),
                streak.GetProperty("longest").GetInt32(),
                streak.GetProperty("attendances").GetInt64(),
                streak.GetProperty("bonusesPaid").GetInt64()
            )
        );
        Assert.Equal(3, streak.GetProperty("weeks").GetArrayLength());
        var (_, text, _) = await RunAsync("streak", "dan");
        Assert.Contains("dan: current streak 3 week(s)", text, StringComparison.Ordinal);

        var (badgesCode, badgesOutput, _) = await RunAsync("badges", "dan", "--json");
        Assert.Equal(ExitCodes.Ok, badgesCode);
        var badges = JsonDocument
            .Parse(badgesOutput)
            .RootElement.GetProperty("badges")
            .EnumerateArray()
            .ToDictionary(
                b => b.GetProperty("badge").GetString()!,
                b => (b.GetProperty("level").GetInt32(), b.GetProperty("value").GetInt64(), b.GetProperty("nextLevelAt").GetInt64())
            );
        Assert.Equal((1, 3L, 4L), badges["consistent-attendee"]);
        Assert.Equal((1, 2L, 3L), badges["event-explorer"]);
        Assert.Equal((1, 3L, 10L), badges["regular"]);
        var (_, badgesText, _) = await RunAsync("badges", "dan");
        Assert.Contains("Regular (regular): level 1 of 5, Attendances 3; level 2 at 10", badgesText, StringComparison.Ordinal);

        var (missing, _, missingError) = await RunAsync("streak", "nobody");
        Assert.Equal(ExitCodes.NotFound, missing);
        Assert.Contains("nobody has no attendance on record", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_pay_a_badge_that_counts_one_event_type_only_for_that_type_and_show_its_count()
    {
        var now = DateTimeOffset.UtcNow;
        var settings = new Dictionary<string, string?>
        {
            ["Attendance:Badges:trivia-master:Name"] = "Trivia Master",
            ["Attendance:Badges:trivia-master:Measure"] = "EventTypeAttendances",
            ["Attendance:Badges:trivia-master:EventType"] = "trivia",
            ["Attendance:Badges:trivia-master:Thresholds"] = "2,3,5,10,20",
            ["Attendance:Badges:trivia-master:Points"] = "15,30,60,120,240",
        };
        await using (await InProcessProcessor.StartAsync(Servers, settings))
        {
            await PayAsync(Attended("q1", "fay", "trivia", now.AddDays(-9), 10));
            await PayAsync(Attended("q2", "fay", "workshop", now.AddDays(-8), 10));
            await PayAsync(Attended("q3", "fay", "workshop", now.AddDays(-2), 10));
            await PayAsync(Attended("q4", "fay", "trivia", now.AddDays(-1), 10));
        }

        // Level 1 at the second trivia night, not at the second attendance: paid once, 15 points.
        Assert.Equal(
            15,
            await Ledger.ScalarAsync(
                "SELECT coalesce(sum(points), 0) FROM attendance_badges WHERE user_id = 'fay' AND badge = 'trivia-master'"
            )
        );
        var badges = (await new AttendanceQueries(Servers.DataSource).BadgesAsync("fay", CancellationToken.None))!;
        Assert.Equal(2, badges.AttendancesByEventType["trivia"]);
        var trivia = new BadgeRule(
            "trivia-master",
            "Trivia Master",
            BadgeMeasure.EventTypeAttendances,
            [2, 3, 5, 10, 20],
            [15, 30, 60, 120, 240],
            "trivia"
        );
        Assert.Equal(2, badges.MeasureOf(trivia));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    [Fact]
    public async Task Should_preview_a_replay_of_dead_lettered_attendances_by_the_inbox_and_the_processors_contract_gate()
    {
        Guid unregistered = Guid.NewGuid(),
            malformed = Guid.NewGuid(),
            paid = Guid.NewGuid();
        var paidBody = Attended("t46", "eve", "meetup", Week(46));
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Exchange, Attended("t45", "eve", "meetup", Week(45), tenantId: "initech"), unregistered);
            await Broker.PublishJsonAsync(
                Exchange,
                Attended("t44", "eve", "meetup", Week(45)).Replace("\"userId\":\"eve\",", "", StringComparison.Ordinal),
                malformed
            );
            await Broker.PublishJsonAsync(Exchange, paidBody, paid);
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(ErrorQueue) == 2 && await Ledger.EntriesAsync("attendance:t46:eve") == 1,
                Timeout,
                "two attendances dead-lettered, one paid"
            );
        }

        // A copy of the paid one, dead-lettered some other way under its own message id.
        await Broker.SendToQueueAsync(ErrorQueue, paidBody, paid);

        var (code, output, error) = await RunAsync("dlq", "replay", "--queue", ErrorQueue, "--dry-run", "--json");
        Assert.True(code == ExitCodes.Ok, error);
        var report = JsonDocument.Parse(output).RootElement;
        var verdicts = report
            .GetProperty("messages")
            .EnumerateArray()
            .ToDictionary(m => m.GetProperty("messageId").GetString()!, m => m.GetProperty("verdict").GetString()!);
        Assert.Equal("already applied", verdicts[paid.ToString()]);
        Assert.StartsWith("would be refused again: ", verdicts[malformed.ToString()], StringComparison.Ordinal);
        Assert.Contains("userId", verdicts[malformed.ToString()], StringComparison.Ordinal);
        Assert.StartsWith("unknown: a valid EventAttended", verdicts[unregistered.ToString()], StringComparison.Ordinal);
        var outlook = report.GetProperty("outlook");
        Assert.Equal(
            [0, 1, 1, 1],
            new[] { "wouldApply", "alreadyApplied", "wouldBeRefusedAgain", "unknown" }.Select(p => outlook.GetProperty(p).GetInt32())
        );
        Assert.Equal(3u, await Broker.CountAsync(ErrorQueue));
    }

    [Fact]
    public async Task Should_apply_an_attendance_replayed_from_the_dead_letters_a_week_later_with_the_streak_it_completes()
    {
        // Week 45's attendance names a tenant nobody registered yet: dead-lettered, while weeks 46 and 47 are paid as a new run.
        var clock = new SettableClock(Week(47, 2));
        await using (await InProcessProcessor.StartAsync(Servers, clock: clock))
        {
            await Broker.PublishJsonAsync(Exchange, Attended("t45", "eve", "meetup", Week(45), tenantId: "initech"), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(ErrorQueue) == 1, Timeout, "week 45 dead-lettered");
            await PayAsync(Attended("t46", "eve", "meetup", Week(46)));
            await PayAsync(Attended("t47", "eve", "meetup", Week(47)));
            Assert.Equal(
                10,
                await Ledger.ScalarAsync("SELECT bonus_paid FROM attendance_streaks WHERE user_id = 'eve' AND week = '2026-11-16'")
            );

            await Ledger.RegisterTenantAsync("initech");
            clock.Now = Week(48, 3);
            var (code, output, error) = await RunAsync("dlq", "replay", "--queue", ErrorQueue, "--yes");
            Assert.True(code == ExitCodes.Ok, error);
            Assert.Contains($"replayed 1 message(s) from {ErrorQueue} to {Queue}", output, StringComparison.Ordinal);
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("attendance:t45:eve") == 1,
                Timeout,
                "the replayed attendance paid"
            );
        }

        // Weeks 45, 46, 47 in a row: bonuses 0, 10, 20 (weeks 46 and 47 topped up), badges Consistent Attendee 1 and Regular 1.
        Assert.Equal(30 + 30 + 40, await Ledger.BalanceAsync("eve"));
        Assert.Equal(1, await Ledger.EntriesAsync("streak-bonus:eve:2026-W46:length-2"));
        Assert.Equal(1, await Ledger.EntriesAsync("streak-bonus:eve:2026-W47:length-3"));
        Assert.Equal(0u, await Broker.CountAsync(ErrorQueue));
        var board = await BoardAsync("--period", "week", "--at", "2026-11-02", "--tenant", "initech");
        Assert.Equal(["1 eve 10"], Rows(board));
        Assert.True(board.GetProperty("amended").GetBoolean());
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_pay_an_attendance_published_by_a_python_event_system()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            var answer = JsonDocument
                .Parse(
                    await ProducerScript.PythonAsync(
                        Servers,
                        "attend.py",
                        "--event-id",
                        "py-1",
                        "--user",
                        "fay",
                        "--event-type",
                        "workshop",
                        "--attended-at",
                        "2026-11-26T18:30:00+01:00",
                        "--points",
                        "25",
                        "--achievement",
                        "trivia-win",
                        "--achievement",
                        "trivia-win",
                        "--connected",
                        "bo"
                    )
                )
                .RootElement;
            Assert.Equal("attendance-points-earned", answer.GetProperty("outcome").GetString());
            var message = answer.GetProperty("message");
            Assert.Equal(
                ("py-1", "2026-W48", 25L, 25L),
                (
                    message.GetProperty("eventId").GetString(),
                    message.GetProperty("week").GetString(),
                    message.GetProperty("points").GetInt64(),
                    message.GetProperty("balanceAfter").GetInt64()
                )
            );
        }

        Assert.Equal(1, await Ledger.EntriesAsync("attendance:py-1:fay"));
        Assert.Equal(
            "{trivia-win} {} {bo}",
            await Ledger.TextAsync(
                "SELECT achievements::text || ' ' || brought_user_ids::text || ' ' || connected_user_ids::text FROM attendances"
            )
        );
    }

    private async Task PayAsync(string json)
    {
        var document = JsonDocument.Parse(json).RootElement;
        var key = $"attendance:{document.GetProperty("eventId").GetString()}:{document.GetProperty("userId").GetString()}";
        await Broker.PublishJsonAsync(Exchange, json, Guid.NewGuid());
        await Eventually.HoldsAsync(async () => await Ledger.EntriesAsync(key) == 1, Timeout, $"{key} paid");
    }

    private async Task<JsonElement> BoardAsync(params string[] args)
    {
        var (code, output, error) = await RunAsync(["leaderboard", .. args, "--json"]);
        Assert.True(code == ExitCodes.Ok, error);
        return JsonDocument.Parse(output).RootElement;
    }

    private static List<string> Rows(JsonElement board) =>
        [
            .. board
                .GetProperty("rows")
                .EnumerateArray()
                .Select(r =>
                    $"{r.GetProperty("rank").GetInt64()} {r.GetProperty("userId").GetString()} {r.GetProperty("points").GetInt64()}"
                ),
        ];

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] broker =
            args[0] == "dlq"
                ?
                [
                    "--rabbit-user",
                    BrokerRoles.DeadLetters,
                    "--rabbit-password",
                    BrokerRoles.PasswordOf(BrokerRoles.DeadLetters),
                    "--rabbit-vhost",
                    Servers.VirtualHost,
                    "--rabbit-host",
                    TestSettings.RabbitHost,
                ]
                : [];
        var code = await AdminApp.RunAsync(
            [.. args, .. broker, "--connection", Servers.OperatorConnectionString, "--operator", "test-operator"],
            output,
            error
        );
        return (code, output.ToString(), error.ToString());
    }
}

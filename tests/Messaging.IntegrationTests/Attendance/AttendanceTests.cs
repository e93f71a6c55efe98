using System.Text.Json;
using static Messaging.IntegrationTests.Attendance.AttendanceMessages;

namespace Messaging.IntegrationTests.Attendance;

/// <summary>
/// EventAttended on real servers (seed 003): attendance paid once per event and user; weekly streaks with bonuses from
/// the table; badges by level; a missed week revealed by the next attendance; a late attendance that fills a gap
/// corrected by top-ups to the same figures as in-order delivery; duplicates, replays and conflicts.
/// </summary>
[Collection(FeaturesCollection.Name)]
public sealed class AttendanceTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Five attendances: weeks 45, 46 (twice), 47, then 49 after a missed week. Attending 25 + 10 + 5 + 10 + 10 = 60;
    /// streak bonuses (default table 0, 10, 20, 30, 50) 0 + 10 + 20 + 0 = 30; badges: Consistent Attendee 1 (2 weeks),
    /// Event Explorer 1 and 2 (2, then 3 types), Regular 1 (3 attendances), 20 + 20 + 40 + 20 = 100. In all 190.
    /// </summary>
    private static readonly (string EventId, string Type, DateTimeOffset At, long? Points)[] History =
    [
        ("e1", "workshop", Week(45), 25),
        ("e2", "meetup", Week(46), null),
        ("e3", "workshop", Week(46, 2), 5),
        ("e4", "talk", Week(47, 1), null),
        ("e5", "meetup", Week(49, 1), null),
    ];

    [Fact]
    public async Task Should_pay_attendance_streak_bonuses_and_badge_levels_and_announce_them()
    {
        var earned = await Broker.SubscribeAsync("attendance-points-earned");
        var extended = await Broker.SubscribeAsync("streak-extended");
        var broken = await Broker.SubscribeAsync("streak-broken");
        var badges = await Broker.SubscribeAsync("badge-awarded");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            foreach (var (eventId, type, at, points) in History)
            {
                await Broker.PublishJsonAsync(Exchange, Attended(eventId, "ann", type, at, points), Guid.NewGuid());
                await Eventually.HoldsAsync(
                    async () => await Ledger.EntriesAsync($"attendance:{eventId}:ann") == 1,
                    Timeout,
                    $"{eventId} paid"
                );
            }

            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(badges) == 4 && await Broker.CountAsync(earned) == 5,
                Timeout,
                "everything announced"
            );
        }

        Assert.Equal(190, await Ledger.BalanceAsync("ann"));
        Assert.Equal(
            ["2026-W45:1:0", "2026-W46:2:10", "2026-W47:3:20", "2026-W49:1:0"],
            (await Broker.DrainAsync(extended))
                .Select(m => JsonDocument.Parse(m.Body).RootElement)
                .Select(s =>
                    $"{s.GetProperty("week").GetString()}:{s.GetProperty("streakLength").GetInt32()}:"
                    + $"{s.GetProperty("bonusPoints").GetInt64()}"
                )
        );
        var gap = JsonDocument.Parse(Assert.Single(await Broker.DrainAsync(broken)).Body).RootElement;
        Assert.Equal(
            ("2026-W49", "2026-W47", 3),
            (
                gap.GetProperty("week").GetString(),
                gap.GetProperty("lastAttendedWeek").GetString(),
                gap.GetProperty("endedStreakLength").GetInt32()
            )
        );
        Assert.Equal(
            ["consistent-attendee:1:20", "event-explorer:1:20", "event-explorer:2:40", "regular:1:20"],
            (await Broker.DrainAsync(badges))
                .Select(m => JsonDocument.Parse(m.Body).RootElement)
                .Select(b =>
                    $"{b.GetProperty("badge").GetString()}:{b.GetProperty("level").GetInt32()}:{b.GetProperty("points").GetInt64()}"
                )
                .Order(StringComparer.Ordinal)
        );
        var first = JsonDocument.Parse((await Broker.DrainAsync(earned))[0].Body).RootElement;
        Assert.Equal(
            ("e1", "2026-W45", 25L, 25L),
            (
                first.GetProperty("eventId").GetString(),
                first.GetProperty("week").GetString(),
                first.GetProperty("points").GetInt64(),
                first.GetProperty("balanceAfter").GetInt64()
            )
        );
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_end_with_the_same_figures_as_in_order_when_a_late_attendance_fills_a_missed_week()
    {
        var extended = await Broker.SubscribeAsync("streak-extended");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            // Week 46's two attendances arrive last: weeks 47 and 49 were first counted as new runs.
            foreach (
                var (eventId, type, at, points) in new[] { "e1", "e4", "e5", "e2", "e3" }.Select(id => History.Single(h => h.EventId == id))
            )
            {
                await Broker.PublishJsonAsync(Exchange, Attended(eventId, "bea", type, at, points), Guid.NewGuid());
                await Eventually.HoldsAsync(
                    async () => await Ledger.EntriesAsync($"attendance:{eventId}:bea") == 1,
                    Timeout,
                    $"{eventId} paid"
                );
            }
        }

        Assert.Equal(190, await Ledger.BalanceAsync("bea"));
        Assert.Equal(
            20,
            await Ledger.ScalarAsync("SELECT bonus_paid FROM attendance_streaks WHERE user_id = 'bea' AND week = '2026-11-16'")
        );
        Assert.Equal(1, await Ledger.EntriesAsync("streak-bonus:bea:2026-W47:length-3"));
        Assert.Equal(4, await Ledger.ScalarAsync("SELECT count(*) FROM attendance_badges WHERE user_id = 'bea'"));
        var retroactive = (await Broker.DrainAsync(extended))
            .Select(m => JsonDocument.Parse(m.Body).RootElement)
            .Where(s => s.GetProperty("retroactive").GetBoolean())
            .ToList();
        var topUp = Assert.Single(retroactive);
        Assert.Equal(
            ("2026-W47", 3, 20L, 20L),
            (
                topUp.GetProperty("week").GetString(),
                topUp.GetProperty("streakLength").GetInt32(),
                topUp.GetProperty("bonusPoints").GetInt64(),
                topUp.GetProperty("weekBonusTotal").GetInt64()
            )
        );
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_pay_an_attendance_once_whatever_the_message_id_and_dead_letter_a_copy_with_other_content()
    {
        var sameId = Guid.NewGuid();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Exchange, Attended("e1", "cid", "workshop", Week(45)), sameId);
            await Broker.PublishJsonAsync(Exchange, Attended("e1", "cid", "workshop", Week(45)), sameId);
            await Broker.PublishJsonAsync(Exchange, Attended("e1", "cid", "workshop", Week(45)), Guid.NewGuid());
            await Broker.PublishJsonAsync(Exchange, Attended("e1", "cid", "workshop", Week(46)), Guid.NewGuid());
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(ErrorQueue) == 1 && await Broker.CountAsync(Queue) == 0,
                Timeout,
                "the conflicting copy dead-lettered"
            );
        }

        Assert.Equal(1, await Ledger.EntriesAsync("attendance:e1:cid"));
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM attendances WHERE user_id = 'cid'"));
        Assert.Equal(10, await Ledger.BalanceAsync("cid"));
        var letter = Assert.Single(await Broker.DrainAsync(ErrorQueue));
        Assert.Contains("already applied with different content", letter.Headers["MT-Fault-Message"], StringComparison.Ordinal);
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_show_in_the_audit_a_streak_whose_recorded_bonus_differs_from_what_the_journal_paid()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            foreach (var (eventId, type, at, points) in History.Take(2))
            {
                await Broker.PublishJsonAsync(Exchange, Attended(eventId, "dee", type, at, points), Guid.NewGuid());
                await Eventually.HoldsAsync(
                    async () => await Ledger.EntriesAsync($"attendance:{eventId}:dee") == 1,
                    Timeout,
                    $"{eventId} paid"
                );
            }
        }

        await Ledger.AssertAuditCleanAndConservedAsync();

        // Behind the ledger's back, as a bad restore or a hand edit would: the next week would be topped up from a wrong figure.
        await Ledger.ScalarAsync(
            "WITH changed AS (UPDATE attendance_streaks SET bonus_paid = bonus_paid + 5 WHERE user_id "
                + "= 'dee' RETURNING 1) SELECT count(*) FROM changed"
        );
        var report = await new Messaging.Ledger.Auditing.LedgerAuditor(Servers.DataSource).AuditAsync("dee", CancellationToken.None);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(("attendance_paid", "user dee"), (finding.Check, finding.Subject));
        Assert.Contains("records 95 points", finding.Problem, StringComparison.Ordinal);
        Assert.Contains("the journal pays 85", finding.Problem, StringComparison.Ordinal);
    }
}

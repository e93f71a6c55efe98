using System.Text.Json;
using static Messaging.IntegrationTests.Attendance.AttendanceMessages;

namespace Messaging.IntegrationTests.Attendance;

/// <summary>
/// Seed 003's other badges and its special activities on real servers: what an attendance says the user achieved, brought
/// and connected with is kept with it, counted by the badges that ask for it (Trivia Master, Social Butterfly, Community
/// Builder, when configured), and a special activity pays its bonus once, with the attendance.
/// </summary>
[Collection(FeaturesCollection.Name)]
public sealed class AttendanceActivityTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string?> Seed003Badges = new()
    {
        ["Attendance:ActivityBonuses:hackathon"] = "50",
        ["Attendance:Badges:trivia-master:Name"] = "Trivia Master",
        ["Attendance:Badges:trivia-master:Measure"] = "Achievements",
        ["Attendance:Badges:trivia-master:Achievement"] = "trivia-win",
        ["Attendance:Badges:trivia-master:Thresholds"] = "1,3,5,10,20",
        ["Attendance:Badges:social-butterfly:Name"] = "Social Butterfly",
        ["Attendance:Badges:social-butterfly:Measure"] = "DistinctConnections",
        ["Attendance:Badges:social-butterfly:Thresholds"] = "3,10,25,50,100",
        ["Attendance:Badges:community-builder:Name"] = "Community Builder",
        ["Attendance:Badges:community-builder:Measure"] = "DistinctMembersBrought",
        ["Attendance:Badges:community-builder:Thresholds"] = "1,3,5,10,20",
    };

    [Fact]
    public async Task Should_award_seed_003s_badges_and_pay_a_special_activity_once_when_attendances_say_what_happened()
    {
        var earned = await Broker.SubscribeAsync("attendance-points-earned");
        var badges = await Broker.SubscribeAsync("badge-awarded");
        var first = Attended(
            "t-1",
            "ann",
            "trivia",
            Week(45),
            10,
            achievements: ["trivia-win", "hackathon"],
            broughtUserIds: ["newbie"],
            connectedUserIds: ["bo", "cy"]
        );
        await using (await InProcessProcessor.StartAsync(Servers, Seed003Badges))
        {
            await Broker.PublishJsonAsync(Exchange, first, Guid.NewGuid(), userId: BrokerRoles.Events);
            await Broker.PublishJsonAsync(
                Exchange,
                Attended("t-2", "ann", "trivia", Week(46), 10, connectedUserIds: ["cy", "dee", "ann"]),
                Guid.NewGuid(),
                userId: BrokerRoles.Events
            );
            // The first again, its lists in another order: the same attendance, paid once.
            await Broker.PublishJsonAsync(
                Exchange,
                Attended(
                    "t-1",
                    "ann",
                    "trivia",
                    Week(45),
                    10,
                    achievements: ["hackathon", "trivia-win"],
                    broughtUserIds: ["newbie"],
                    connectedUserIds: ["cy", "bo"]
                ),
                Guid.NewGuid(),
                userId: BrokerRoles.Events
            );
            // Another achievement under the same key is another attendance: a conflict, dead-lettered.
            await Broker.PublishJsonAsync(
                Exchange,
                Attended("t-1", "ann", "trivia", Week(45), 10, achievements: ["trivia-win"]),
                Guid.NewGuid(),
                userId: BrokerRoles.Events
            );
            await Eventually.HoldsAsync(
                async () => await Ledger.InboxAsync() == 3 && await Broker.CountAsync(ErrorQueue) == 1,
                Timeout,
                "three consumed, the conflicting copy dead-lettered"
            );
        }

        Assert.Equal(
            [
                "activity-bonus:t-1:ann:hackathon 50",
                "badge:ann:community-builder:1 20",
                "badge:ann:social-butterfly:1 20",
                "badge:ann:trivia-master:1 20",
            ],
            await Ledger.RowsAsync(
                """
                SELECT e.idempotency_key || ' ' || p.amount FROM journal_entries e JOIN postings p ON p.journal_entry_id = e.id
                WHERE p.amount > 0 AND e.entry_type IN ('activity_bonus', 'badge_award') AND e.idempotency_key NOT LIKE 'badge:ann:regular%'
                    AND e.idempotency_key NOT LIKE 'badge:ann:consistent%' AND e.idempotency_key NOT LIKE 'badge:ann:event-explorer%'
                ORDER BY 1
                """
            )
        );
        Assert.Equal(
            ["t-1 {trivia-win,hackathon} {newbie} {bo,cy}", "t-2 {} {} {cy,dee,ann}"],
            await Ledger.RowsAsync(
                "SELECT event_id || ' ' || achievements::text || ' ' || brought_user_ids::text || ' ' || connected_user_ids::text "
                    + "FROM attendances ORDER BY event_id"
            )
        );
        var announced = (await Broker.DrainAsync(earned))
            .Select(m => JsonDocument.Parse(m.Body).RootElement)
            .Select(e => $"{e.GetProperty("eventId").GetString()} {e.GetProperty("activityBonus").GetInt64()}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(["t-1 50", "t-2 0"], announced);
        Assert.Contains(
            (await Broker.DrainAsync(badges)).Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("badgeName").GetString()),
            name => name == "Social Butterfly"
        );
        Assert.Contains(
            "idempotency",
            (await Broker.DrainAsync(ErrorQueue)).Single().Headers["MT-Fault-Message"],
            StringComparison.OrdinalIgnoreCase
        );
        await Ledger.AssertAuditCleanAndConservedAsync();
    }
}

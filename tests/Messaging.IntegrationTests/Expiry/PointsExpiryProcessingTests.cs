using System.Text.Json;
using Messaging.Ledger.Journal;

namespace Messaging.IntegrationTests.Expiry;

/// <summary>
/// Expiry through the processor (issue 27): an order's points become a lot expiring 12 months after it was recorded, the sweeper expires a
/// due lot once and announces it, warns once of a lot expiring soon, and a redemption expires a due lot before it counts the points.
/// </summary>
[Collection(FeaturesCollection.Name)]
public sealed class PointsExpiryProcessingTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_expire_a_due_lot_once_and_warn_once_of_one_expiring_soon_when_the_sweeper_runs()
    {
        await EarnAsync("sam", "sam-old", 70, DateTimeOffset.UtcNow.AddDays(-2));
        await EarnAsync("sam", "sam-soon", 30, DateTimeOffset.UtcNow.AddDays(10));
        await EarnAsync("sam", "sam-later", 5, DateTimeOffset.UtcNow.AddDays(200));
        var expired = await Broker.SubscribeAsync("points-expired");
        var expiring = await Broker.SubscribeAsync("points-expiring");

        await using (
            var processor = await InProcessProcessor.StartAsync(
                Servers,
                new Dictionary<string, string?> { ["Expiry:SweepInterval"] = "00:00:00.200", ["Expiry:WarnDays"] = "30" }
            )
        )
        {
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(expired) == 1 && await Broker.CountAsync(expiring) == 1,
                Timeout,
                "PointsExpired and PointsExpiring"
            );

            // Several more sweeps: neither is written or announced again.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var announced = Assert.Single(await Broker.DrainAsync(expired));
        var body = JsonDocument.Parse(announced.Body).RootElement;
        Assert.Equal(
            ("sam", "order:sam-old", 70L, 35L, "expiry:sam:order:sam-old"),
            (
                body.GetProperty("userId").GetString(),
                body.GetProperty("lotKey").GetString(),
                body.GetProperty("points").GetInt64(),
                body.GetProperty("balance").GetInt64(),
                body.GetProperty("entryKey").GetString()
            )
        );
        var warning = JsonDocument.Parse(Assert.Single(await Broker.DrainAsync(expiring)).Body).RootElement;
        Assert.Equal(("order:sam-soon", 30L), (warning.GetProperty("lotKey").GetString(), warning.GetProperty("points").GetInt64()));
        Assert.Equal(35, await Ledger.BalanceAsync("sam"));
        Assert.Equal(1, await Ledger.EntriesOfTypeAsync(EntryTypes.PointsExpired));
        Assert.Equal(70, await Ledger.ScalarAsync("SELECT lifetime_expired FROM user_points WHERE user_id = 'sam'"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT lifetime_redeemed FROM user_points WHERE user_id = 'sam'"));
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_expire_due_points_before_counting_them_when_a_redemption_asks_for_them()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "mug", 50);
        await EarnAsync("ria", "ria-old", 100, DateTimeOffset.UtcNow.AddDays(-1));
        await EarnAsync("ria", "ria-new", 20, DateTimeOffset.UtcNow.AddDays(100));
        var outcomes = await Broker.SubscribeOutcomesAsync();
        var expired = await Broker.SubscribeAsync("points-expired");

        // The sweeper would take an hour: the redemption is the wallet's first touch.
        await using var processor = await InProcessProcessor.StartAsync(
            Servers,
            new Dictionary<string, string?> { ["Expiry:SweepInterval"] = "01:00:00" }
        );
        var id = Guid.NewGuid();
        await Broker.RequestAsync(id, "ria", "mug");
        var (exchange, body) = await outcomes.AwaitAsync(id, Timeout);

        Assert.Equal(RedemptionMessages.Rejected, exchange);
        Assert.Equal("insufficient_points", body.GetProperty("reason").GetString());
        await Eventually.HoldsAsync(async () => await Broker.CountAsync(expired) == 1, Timeout, "PointsExpired from the redemption");
        var announced = JsonDocument.Parse(Assert.Single(await Broker.DrainAsync(expired)).Body).RootElement;
        Assert.Equal((100L, 20L), (announced.GetProperty("points").GetInt64(), announced.GetProperty("balance").GetInt64()));
        Assert.Equal(20, await Ledger.BalanceAsync("ria"));
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_make_an_orders_points_a_lot_that_expires_twelve_months_after_it_was_recorded()
    {
        await using var processor = await InProcessProcessor.StartAsync(Servers);
        await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("x-1", "olga", 120m), Guid.NewGuid());
        await Eventually.HoldsAsync(async () => await Ledger.BalanceAsync("olga") > 0, Timeout, "the order applied");

        Assert.Equal(
            1,
            await Ledger.ScalarAsync(
                """
                SELECT count(*) FROM point_lots l JOIN journal_entries e ON e.id = l.journal_entry_id
                WHERE e.idempotency_key = 'order:x-1' AND l.expires_at = e.recorded_at + interval '12 months'
                    AND l.remaining = l.amount AND e.points_expire_at = l.expires_at
                """
            )
        );
    }

    private Task EarnAsync(string user, string orderId, long points, DateTimeOffset expiresAt) =>
        Entries.ApplyAsync(Servers.DataSource, Entries.Earn(orderId, user, points, expiresAt: expiresAt));
}

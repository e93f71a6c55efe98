using System.Text.Json;

namespace Messaging.IntegrationTests.Earning;

/// <summary>
/// Per-user earning caps (<c>Earning:Caps:earned:Daily</c> and <c>:Monthly</c>) through the processor: an order above a cap
/// earns up to it, its entry records the cut and <c>PointsEarned</c> says so; an order with no room left earns nothing,
/// once, whatever message id it comes under again.
/// </summary>
[Collection(ProcessingCollection.Name)]
public sealed class EarningCapTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string?> Capped = new()
    {
        ["Earning:SignupBonus"] = "0",
        ["Earning:FirstOrderBonus"] = "0",
        ["Earning:Caps:earned:Daily"] = "100",
        ["Earning:Caps:earned:Monthly"] = "250",
    };

    [Fact]
    public async Task Should_earn_up_to_the_tightest_cap_in_delivery_order_and_announce_the_points_cut()
    {
        var events = await Broker.SubscribeAsync("points-earned");
        (string Order, decimal Amount, string Day)[] orders =
        [
            ("c-1", 60m, "2026-11-02"),
            ("c-2", 60m, "2026-11-02"), // 40 left today: 20 cut
            ("c-3", 30m, "2026-11-02"), // none left today: all cut, nothing written
            ("c-4", 80m, "2026-11-03"), // a new day, 150 left this month
            ("c-5", 200m, "2026-11-04"), // 70 left this month: 130 cut
            ("c-6", 50m, "2026-12-01"), // a new month
        ];
        await using (await InProcessProcessor.StartAsync(Servers, Capped))
        {
            foreach (var (order, amount, day) in orders)
            {
                await Broker.PublishJsonAsync(
                    Orders.Exchange,
                    Orders.Json(order, "ann", amount, occurredAt: $"{day}T12:00:00+00:00"),
                    Guid.NewGuid(),
                    userId: BrokerRoles.Orders
                );
            }

            await Eventually.HoldsAsync(async () => await Ledger.InboxAsync() == orders.Length, Timeout, "every order consumed");
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(events) == 6, Timeout, "six PointsEarned published");
        }

        Assert.Equal(
            ["order:c-1 60 ", "order:c-2 40 20", "order:c-4 80 ", "order:c-5 70 130", "order:c-6 50 "],
            await Ledger.RowsAsync(
                """
                SELECT e.idempotency_key || ' ' || p.amount || ' ' || coalesce(e.metadata ->> 'PointsCut', '')
                FROM journal_entries e JOIN postings p ON p.journal_entry_id = e.id AND p.amount > 0
                WHERE e.entry_type = 'earned' ORDER BY 1
                """
            )
        );
        Assert.Equal(300, await Ledger.BalanceAsync("ann"));
        Assert.Equal(
            [
                "earning:ann:earned:day:2026-11-02 100",
                "earning:ann:earned:day:2026-11-03 80",
                "earning:ann:earned:day:2026-11-04 70",
                "earning:ann:earned:day:2026-12-01 50",
                "earning:ann:earned:month:2026-11 250",
                "earning:ann:earned:month:2026-12 50",
            ],
            await Ledger.RowsAsync("SELECT limit_key || ' ' || used FROM limit_usage WHERE limit_key LIKE 'earning:%' ORDER BY 1")
        );
        Assert.Equal(1, await Ledger.RefusalsAsync("earning_cap"));

        var announced = (await Broker.DrainAsync(events))
            .Select(m => JsonDocument.Parse(m.Body).RootElement)
            .ToDictionary(
                e => e.GetProperty("orderId").GetString()!,
                e => (e.GetProperty("points").GetInt64(), e.GetProperty("pointsCut").GetInt64())
            );
        Assert.Equal((40L, 20L), announced["c-2"]);
        Assert.Equal((0L, 30L), announced["c-3"]);
        Assert.Equal((70L, 130L), announced["c-5"]);
        Assert.Equal((60L, 0L), announced["c-1"]);
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    [Fact]
    public async Task Should_refuse_an_order_with_no_room_the_same_way_when_it_comes_again_under_a_new_message_id()
    {
        var events = await Broker.SubscribeAsync("points-earned");
        await using (await InProcessProcessor.StartAsync(Servers, Capped))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("d-1", "bo", 100m), Guid.NewGuid(), userId: BrokerRoles.Orders);
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("d-2", "bo", 10m), Guid.NewGuid(), userId: BrokerRoles.Orders);
            await Eventually.HoldsAsync(async () => await Ledger.InboxAsync() == 2, Timeout, "every order consumed");
        }

        // The day's room came back meanwhile (as a reversal of d-1 gives it back): d-2 was decided for good.
        await Ledger.ScalarAsync(
            "WITH freed AS (UPDATE limit_usage SET used = 0 WHERE limit_key LIKE 'earning:bo:%' RETURNING 1) SELECT count(*) FROM freed"
        );
        await using (await InProcessProcessor.StartAsync(Servers, Capped))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("d-2", "bo", 10m), Guid.NewGuid(), userId: BrokerRoles.Orders);
            await Eventually.HoldsAsync(async () => await Ledger.InboxAsync() == 3, Timeout, "every order consumed");
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(events) == 3, Timeout, "three PointsEarned published");
        }

        Assert.Equal(0, await Ledger.EntriesAsync("order:d-2"));
        Assert.Equal(100, await Ledger.BalanceAsync("bo"));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        var d2 = (await Broker.DrainAsync(events))
            .Select(m => JsonDocument.Parse(m.Body).RootElement)
            .Where(e => e.GetProperty("orderId").GetString() == "d-2")
            .Select(e => $"{e.GetProperty("points").GetInt64()}/{e.GetProperty("pointsCut").GetInt64()}")
            .ToList();
        Assert.Equal(["0/10", "0/10"], d2);
        var reason = await Ledger.RowsAsync("SELECT reason FROM ledger_refusals WHERE reason_code = 'earning_cap' ORDER BY id LIMIT 1");
        Assert.Contains("Earning:Caps:earned:Daily", reason.Single(), StringComparison.Ordinal);
    }
}

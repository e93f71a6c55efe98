using System.Text.Json;

namespace Messaging.IntegrationTests.Redemptions;

/// <summary>The redemption saga end to end on the real broker and database: one outcome per request, and the ledger exact.</summary>
[Collection(FeaturesCollection.Name)]
public sealed class RedemptionFlowTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string?> ShortDeadlines = new()
    {
        ["Redemptions:FulfilmentTimeout"] = "00:00:02",
        ["Redemptions:SweepInterval"] = "00:00:00.300",
    };

    [Fact]
    public async Task Should_complete_with_a_voucher_and_spend_the_points_when_the_balance_covers_the_reward()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", 300, stock: 5, validityDays: 30);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        await using var processor = await InProcessProcessor.StartAsync(Servers);

        var id = Guid.NewGuid();
        await Broker.RequestAsync(id, "u-1", "coffee", expectedPoints: 300);
        var (exchange, body) = await outcomes.AwaitAsync(id, Timeout);

        Assert.Equal(RedemptionMessages.Completed, exchange);
        Assert.Equal(700, body.GetProperty("balance").GetInt64());
        Assert.Equal(300, body.GetProperty("points").GetInt64());
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", body.GetProperty("voucherCode").GetString());
        Assert.Equal(700, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(700, await Ledger.PostingsSumAsync("u-1"));
        Assert.Equal(0, await Ledger.HeldAsync("u-1"));
        Assert.Equal(4, await Ledger.ScalarAsync("SELECT stock FROM rewards WHERE id = 'coffee'"));
        Assert.Equal(
            1,
            await Ledger.ScalarAsync(
                "SELECT count(*) FROM redemptions WHERE status = 'active' AND NOT is_used AND expires_at > now() + interval '29 days'"
            )
        );
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM ledger_holds WHERE status = 'captured'"));
        Assert.Single(await outcomes.ForAsync(id));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    [Theory]
    [InlineData("insufficient_points", "coffee", null)]
    [InlineData("unknown_reward", "no-such-reward", null)]
    [InlineData("inactive_reward", "retired", null)]
    [InlineData("out_of_stock", "sold-out", null)]
    [InlineData("cost_mismatch", "coffee", 250L)]
    public async Task Should_reject_with_the_reason_and_hold_nothing_when_the_request_cannot_be_met(
        string reason,
        string rewardId,
        long? expectedPoints
    )
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", reason == "insufficient_points" ? 5000 : 300);
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "retired", 100, active: false);
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "sold-out", 100, stock: 0);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        await using var processor = await InProcessProcessor.StartAsync(Servers);

        var id = Guid.NewGuid();
        await Broker.RequestAsync(id, "u-1", rewardId, expectedPoints);
        var (exchange, body) = await outcomes.AwaitAsync(id, Timeout);

        Assert.Equal(RedemptionMessages.Rejected, exchange);
        Assert.Equal(reason, body.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        Assert.Equal(1000, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(0, await Ledger.HeldAsync("u-1"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM ledger_holds"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT stock FROM rewards WHERE id = 'sold-out'"));
        Assert.Single(await outcomes.ForAsync(id));
    }

    [Fact]
    public async Task Should_void_the_hold_and_restore_the_balance_exactly_when_an_external_fulfilment_fails()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "hoodie", 400, stock: 2, fulfilmentKind: "merch");
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        await using var processor = await InProcessProcessor.StartAsync(Servers);

        var id = Guid.NewGuid();
        await Broker.RequestAsync(id, "u-1", "hoodie");
        var request = await ReceiveIssueRewardAsync("fulfilment-merch");
        Assert.Equal(id, request.GetProperty("redemptionId").GetGuid());
        Assert.Equal(400, request.GetProperty("points").GetInt64());
        Assert.Equal(400, await Ledger.HeldAsync("u-1"));
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT stock FROM rewards WHERE id = 'hoodie'"));

        await Broker.PublishJsonAsync("reward-issue-failed", RedemptionMessages.IssueFailed(id, "warehouse has no size M"), Guid.NewGuid());
        var (exchange, body) = await outcomes.AwaitAsync(id, Timeout);

        Assert.Equal(RedemptionMessages.Failed, exchange);
        Assert.Equal("fulfilment_failed", body.GetProperty("reason").GetString());
        Assert.Equal("warehouse has no size M", body.GetProperty("detail").GetString());
        Assert.Equal(1000, body.GetProperty("balance").GetInt64());
        Assert.Equal(1000, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(0, await Ledger.HeldAsync("u-1"));
        Assert.Equal(2, await Ledger.ScalarAsync("SELECT stock FROM rewards WHERE id = 'hoodie'"));
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM ledger_holds WHERE status = 'voided'"));
        Assert.Equal(0, await Ledger.EntriesOfTypeAsync("redeemed"));
    }

    [Fact]
    public async Task Should_fail_on_the_deadline_and_request_revocation_once_when_the_reward_is_issued_late()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "hoodie", 400, fulfilmentKind: "merch");
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        var revocations = await Broker.SubscribeAsync(RedemptionMessages.RevocationRequested);
        await using var processor = await InProcessProcessor.StartAsync(Servers, ShortDeadlines);

        var id = Guid.NewGuid();
        await Broker.RequestAsync(id, "u-1", "hoodie");
        var (exchange, body) = await outcomes.AwaitAsync(id, Timeout);

        Assert.Equal(RedemptionMessages.Failed, exchange);
        Assert.Equal("fulfilment_timeout", body.GetProperty("reason").GetString());
        Assert.Equal(1000, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(0, await Ledger.HeldAsync("u-1"));

        // The fulfilment answers after the deadline, twice: the user is not charged and one revocation is requested.
        var (late, lateAgain) = (Guid.NewGuid(), Guid.NewGuid());
        await Broker.PublishJsonAsync("reward-issued", RedemptionMessages.Issued(id, "LATE-CODE"), late);
        await Broker.PublishJsonAsync("reward-issued", RedemptionMessages.Issued(id, "LATE-CODE"), lateAgain);

        // Both consumed (their inbox claims committed) and every message they caused published: nothing more can come.
        await Eventually.HoldsAsync(
            async () => await Ledger.ConsumedAsync(late, lateAgain) == 2 && await Ledger.OutboxAsync() == 0,
            Timeout,
            "the late issues consumed and what they caused published"
        );

        var revoked = await Broker.DrainAsync(revocations);
        var revocation = Assert.Single(revoked);
        Assert.Equal("LATE-CODE", JsonDocument.Parse(revocation.Body).RootElement.GetProperty("voucherCode").GetString());
        Assert.Single(await outcomes.ForAsync(id));
        Assert.Equal(1000, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(0, await Ledger.EntriesOfTypeAsync("redeemed"));
        Assert.Equal(0u, await Broker.CountAsync(RedemptionMessages.ErrorQueue));
    }

    [Fact]
    public async Task Should_give_one_outcome_when_requests_and_fulfilment_answers_are_duplicated_and_reordered()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "hoodie", 400, fulfilmentKind: "merch");
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        await using var processor = await InProcessProcessor.StartAsync(Servers);

        var id = Guid.NewGuid();
        var sameMessageId = Guid.NewGuid();
        var request = RedemptionMessages.Request(id, "u-1", "hoodie");
        await Broker.PublishJsonAsync(RedemptionMessages.RequestExchange, request, sameMessageId);
        await Broker.PublishJsonAsync(RedemptionMessages.RequestExchange, request, sameMessageId);
        await Broker.PublishJsonAsync(RedemptionMessages.RequestExchange, request, Guid.NewGuid());
        await ReceiveIssueRewardAsync("fulfilment-merch");

        // Issued twice, then a failure that arrives after the success, then the request once more.
        var issued = Guid.NewGuid();
        await Broker.PublishJsonAsync("reward-issued", RedemptionMessages.Issued(id, "CODE-1"), issued);
        await Broker.PublishJsonAsync("reward-issued", RedemptionMessages.Issued(id, "CODE-1"), issued);
        // Consumed before the late answers are sent: several messages of one saga in flight at once take its row's lock in any order, so
        // without this wait the failure could be the first answer, not a late one (seen once in CI).
        await Eventually.HoldsAsync(async () => await Ledger.ConsumedAsync(issued) == 1, Timeout, "the first RewardIssued consumed");
        var (issuedAgain, failedLate, requestedAgain) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await Broker.PublishJsonAsync("reward-issued", RedemptionMessages.Issued(id, "CODE-1"), issuedAgain);
        await Broker.PublishJsonAsync("reward-issue-failed", RedemptionMessages.IssueFailed(id, "too late to matter"), failedLate);
        await Broker.PublishJsonAsync(RedemptionMessages.RequestExchange, request, requestedAgain);

        var (exchange, body) = await outcomes.AwaitAsync(id, Timeout);
        await Eventually.HoldsAsync(
            async () => await Ledger.ConsumedAsync(issued, issuedAgain, failedLate, requestedAgain) == 4 && await Ledger.OutboxAsync() == 0,
            Timeout,
            "every copy consumed and what it caused published"
        );

        Assert.Equal(RedemptionMessages.Completed, exchange);
        Assert.Equal("CODE-1", body.GetProperty("voucherCode").GetString());
        Assert.Single(await outcomes.ForAsync(id));
        Assert.Equal(600, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(1, await Ledger.EntriesOfTypeAsync("redeemed"));
        Assert.Equal(0, await Ledger.HeldAsync("u-1"));
        Assert.Equal(0u, await Broker.CountAsync("fulfilment-merch"));
        Assert.Equal(0u, await Broker.CountAsync(RedemptionMessages.ErrorQueue));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    [Fact]
    public async Task Should_dead_letter_a_request_that_reuses_a_redemption_id_with_other_content_and_change_nothing()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", 300);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        await using var processor = await InProcessProcessor.StartAsync(Servers);

        var id = Guid.NewGuid();
        await Broker.RequestAsync(id, "u-1", "coffee");
        await outcomes.AwaitAsync(id, Timeout);
        await Broker.RequestAsync(id, "u-2", "coffee");

        await Eventually.HoldsAsync(
            async () => await Broker.CountAsync(RedemptionMessages.ErrorQueue) == 1,
            Timeout,
            "the conflicting request dead-lettered"
        );
        var dead = Assert.Single(await Broker.DrainAsync(RedemptionMessages.ErrorQueue));
        Assert.Contains("already requested with other content", dead.Headers["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Single(await outcomes.ForAsync(id));
        Assert.Equal(700, await Ledger.BalanceAsync("u-1"));
    }

    [Fact]
    public async Task Should_take_the_type_from_the_amqp_type_property_and_dead_letter_untyped_or_invalid_requests_with_their_reason()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", 300);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        await using var processor = await InProcessProcessor.StartAsync(Servers);

        // Straight to the saga queue's own exchange, where four message types arrive: only the type property says which.
        var typed = Guid.NewGuid();
        await Broker.PublishJsonAsync(
            RedemptionMessages.Queue,
            RedemptionMessages.Request(typed, "u-1", "coffee"),
            Guid.NewGuid(),
            type: "RedeemRequested"
        );
        await Broker.PublishJsonAsync(
            RedemptionMessages.Queue,
            RedemptionMessages.Request(Guid.NewGuid(), "u-1", "coffee"),
            Guid.NewGuid()
        );
        await Broker.PublishJsonAsync(
            RedemptionMessages.RequestExchange,
            RedemptionMessages.Request(Guid.NewGuid(), "", "coffee"),
            Guid.NewGuid()
        );

        var (exchange, _) = await outcomes.AwaitAsync(typed, Timeout);
        Assert.Equal(RedemptionMessages.Completed, exchange);
        await Eventually.HoldsAsync(
            async () => await Broker.CountAsync(RedemptionMessages.ErrorQueue) == 2,
            Timeout,
            "the untyped and the invalid request dead-lettered"
        );
        var reasons = (await Broker.DrainAsync(RedemptionMessages.ErrorQueue)).Select(m => m.Headers["MT-Fault-Message"]).ToList();
        Assert.Contains(reasons, r => r!.Contains("without a type", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r!.Contains("RedeemRequested refused: /userId must not be empty", StringComparison.Ordinal));
        Assert.Single(await outcomes.AllAsync());
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM redemption_sagas"));
        Assert.Equal(700, await Ledger.BalanceAsync("u-1"));
    }

    [Fact]
    public async Task Should_complete_exactly_as_many_as_the_balance_covers_when_fifty_redemptions_race()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", 100);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        await using var processor = await InProcessProcessor.StartAsync(Servers);

        var ids = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();
        var watcher = WatchAvailable("u-1");
        await Task.WhenAll(ids.Select(id => Broker.RequestAsync(id, "u-1", "coffee")));
        await Eventually.HoldsAsync(async () => (await outcomes.AllAsync()).Count >= 50, TimeSpan.FromSeconds(60), "fifty outcomes");

        // Every saga decided and every outcome published: no further outcome can come.
        await Eventually.HoldsAsync(
            async () =>
                await Ledger.ScalarAsync("SELECT count(*) FROM redemption_sagas WHERE outcome IS NOT NULL") == 50
                && await Ledger.OutboxAsync() == 0,
            TimeSpan.FromSeconds(60),
            "fifty sagas decided and their outcomes published"
        );
        var lowest = await watcher.StopAsync();

        var all = await outcomes.AllAsync();
        Assert.Equal(50, all.Count);
        Assert.Equal(50, all.Select(o => o.RedemptionId).Distinct().Count());
        Assert.Equal(10, all.Count(o => o.Exchange == RedemptionMessages.Completed));
        Assert.Equal(
            40,
            all.Count(o => o.Exchange == RedemptionMessages.Rejected && o.Body.GetProperty("reason").GetString() == "insufficient_points")
        );
        Assert.Equal(0, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(0, await Ledger.HeldAsync("u-1"));
        Assert.True(lowest >= 0, $"available points went to {lowest}");
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    [Fact]
    public async Task Should_complete_every_redemption_when_many_users_redeem_at_once()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", 100);
        var users = Enumerable.Range(0, 100).Select(n => $"u-{n}").ToList();
        foreach (var user in users)
        {
            await RedemptionMessages.CreditAsync(Servers.DataSource, user, 250);
        }

        var outcomes = await Broker.SubscribeOutcomesAsync();
        await using var processor = await InProcessProcessor.StartAsync(Servers);
        await Task.WhenAll(
            users.SelectMany(user => new[] { Guid.NewGuid(), Guid.NewGuid() }.Select(id => Broker.RequestAsync(id, user, "coffee")))
        );
        await Eventually.HoldsAsync(async () => (await outcomes.AllAsync()).Count >= 200, TimeSpan.FromSeconds(90), "two hundred outcomes");

        var all = await outcomes.AllAsync();
        Assert.Equal(200, all.Count(o => o.Exchange == RedemptionMessages.Completed));
        Assert.Equal(20000, await Ledger.ScalarAsync("SELECT sum(balance) FROM accounts WHERE kind = 'platform_redemptions'"));
        // Spread over the accounts of spent points, so that captures do not queue on one row.
        Assert.True(await Ledger.ScalarAsync("SELECT count(*) FROM accounts WHERE kind = 'platform_redemptions' AND balance > 0") > 1);
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT coalesce(sum(held), 0) FROM accounts"));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    private async Task<JsonElement> ReceiveIssueRewardAsync(string queue)
    {
        IReadOnlyList<ReceivedMessage> received = [];
        await Eventually.HoldsAsync(async () => (received = await Broker.DrainAsync(queue)).Count > 0, Timeout, $"IssueReward on {queue}");
        return JsonDocument.Parse(Assert.Single(received).Body).RootElement.Clone();
    }

    private AvailabilityWatcher WatchAvailable(string userId) => new(Ledger, $"user:{userId}:wallet");
}

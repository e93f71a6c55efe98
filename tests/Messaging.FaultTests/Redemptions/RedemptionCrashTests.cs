namespace Messaging.FaultTests.Redemptions;

/// <summary>
/// The worker executable killed with SIGKILL at each step of a redemption, then restarted: the request
/// still reaches exactly one outcome, no hold is left open and the balance is exact. A voucher is one step (issued and
/// spent in the request's own transaction); a reward fulfilled outside is two, with this test as its fulfilment system.
/// </summary>
[Collection(ServersCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class RedemptionCrashTests(ServersFixture servers) : ProcessorTest(servers)
{
    private const string Voucher = "coffee";
    private const string External = "hoodie";
    private const string ExternalQueue = "fulfilment-merch";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    // The request is decided in the group commit (BeforeCommit, AfterCommit); the fulfilment's answer in the saga's own transaction.
    [InlineData("BeforeCommit", Voucher)]
    [InlineData("AfterCommit", Voucher)]
    [InlineData("BeforeOutboxDelivery", Voucher)]
    [InlineData("BeforeCommit", External)]
    [InlineData("AfterCommit", External)]
    [InlineData("BeforeOutboxDelivery", External)]
    [InlineData("BeforeCommit:RewardIssued", External)]
    [InlineData("AfterCommit:RewardIssued", External)]
    public async Task Should_reach_exactly_one_outcome_with_no_open_hold_when_killed_at_a_step(string crashPoint, string rewardId)
    {
        var external = rewardId == External;
        var killedByTheAnswer = crashPoint.EndsWith(":RewardIssued", StringComparison.Ordinal);
        await RedemptionMessages.AddRewardAsync(
            Servers.DataSource,
            rewardId,
            300,
            stock: 3,
            fulfilmentKind: external ? "merch" : "voucher"
        );
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        var id = Guid.NewGuid();

        await using (var doomed = await StartAsync(crashPoint))
        {
            await Broker.RequestAsync(id, "u-1", rewardId);
            if (killedByTheAnswer)
            {
                await AnswerAsync(id);
            }

            Assert.True(await doomed.WaitForExitAsync(Timeout), $"the worker should have killed itself at {crashPoint}");
        }

        await using (await StartAsync())
        {
            if (external && !killedByTheAnswer)
            {
                await AnswerAsync(id);
            }

            await outcomes.AwaitAsync(id, Timeout);
            await Eventually.HoldsAsync(
                async () => await Ledger.OutboxAsync() == 0 && await Broker.CountAsync(RedemptionMessages.Queue) == 0,
                Timeout,
                "every message consumed and delivered"
            );

            // What this guards against is a message the broker may still redeliver after the restart (one that was in
            // flight at the kill); its absence has no signal to wait for, so the worker gets a moment to show it.
            await Task.Delay(1000);
        }

        var outcome = Assert.Single(await outcomes.ForAsync(id));
        Assert.Equal(RedemptionMessages.Completed, outcome.Exchange);
        if (external)
        {
            Assert.Equal("CODE-1", outcome.Body.GetProperty("voucherCode").GetString());
        }

        Assert.Equal(700, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(700, await Ledger.PostingsSumAsync("u-1"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM ledger_holds WHERE status = 'active'"));
        Assert.Equal(0, await Ledger.HeldAsync("u-1"));
        Assert.Equal(2, await Ledger.ScalarAsync($"SELECT stock FROM rewards WHERE id = '{rewardId}'"));
        Assert.Equal(external ? 0 : 1, await Ledger.ScalarAsync("SELECT count(*) FROM issued_vouchers"));
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM redemptions"));
        Assert.Equal(0u, await Broker.CountAsync(RedemptionMessages.ErrorQueue));
        Assert.Equal(0u, await Broker.CountAsync(ExternalQueue));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    // As the outside fulfilment system does: takes the IssueReward and answers that the reward was issued.
    private async Task AnswerAsync(Guid redemptionId)
    {
        // The outbox declares the queue before it sends the first IssueReward there: counted, it may not exist yet.
        await Eventually.HoldsAsync(async () => await Broker.CountAsync(ExternalQueue) > 0, Timeout, $"IssueReward on {ExternalQueue}");
        Assert.NotEmpty(await Broker.DrainAsync(ExternalQueue));
        await Broker.PublishJsonAsync("reward-issued", RedemptionMessages.Issued(redemptionId, "CODE-1"), Guid.NewGuid());
    }

    private Task<ProcessorProcess> StartAsync(string? crashPoint = null) => ProcessorProcess.StartedAsync(Servers, crashPoint, Timeout);
}

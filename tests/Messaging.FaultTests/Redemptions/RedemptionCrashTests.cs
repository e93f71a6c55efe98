namespace Messaging.FaultTests.Redemptions;

/// <summary>
/// The worker executable killed with SIGKILL at each step of a redemption, then restarted: the request
/// still reaches exactly one outcome, no hold is left open and the balance is exact.
/// </summary>
[Collection(ServersCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class RedemptionCrashTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("BeforeCommit:RedeemRequested")]
    [InlineData("AfterCommit:RedeemRequested")]
    [InlineData("BeforeOutboxDelivery")]
    [InlineData("BeforeCommit:IssueReward")]
    [InlineData("AfterCommit:IssueReward")]
    [InlineData("BeforeCommit:RewardIssued")]
    [InlineData("AfterCommit:RewardIssued")]
    public async Task Should_reach_exactly_one_outcome_with_no_open_hold_when_killed_at_a_step(string crashPoint)
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", 300, stock: 3);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        var id = Guid.NewGuid();

        await using (var doomed = await StartAsync(crashPoint))
        {
            await Broker.RequestAsync(id, "u-1", "coffee");
            Assert.True(await doomed.WaitForExitAsync(Timeout), $"the worker should have killed itself at {crashPoint}");
        }

        await using (await StartAsync())
        {
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
        Assert.Equal(700, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(700, await Ledger.PostingsSumAsync("u-1"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM ledger_holds WHERE status = 'active'"));
        Assert.Equal(0, await Ledger.HeldAsync("u-1"));
        Assert.Equal(2, await Ledger.ScalarAsync("SELECT stock FROM rewards WHERE id = 'coffee'"));
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM issued_vouchers"));
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM redemptions"));
        Assert.Equal(0u, await Broker.CountAsync(RedemptionMessages.ErrorQueue));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    private Task<ProcessorProcess> StartAsync(string? crashPoint = null) => ProcessorProcess.StartedAsync(Servers, crashPoint, Timeout);
}

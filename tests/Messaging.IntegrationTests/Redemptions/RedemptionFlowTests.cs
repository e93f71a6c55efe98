using Messaging.IntegrationTests.Infrastructure;

namespace Messaging.IntegrationTests.Redemptions;

/// <summary>The redemption saga end to end on the real broker and database: one outcome per request, and the ledger exact.</summary>
[Collection(ServersCollection.Name)]
public sealed class RedemptionFlowTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

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
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT held FROM accounts WHERE code = 'user:u-1:wallet'"));
        Assert.Equal(4, await Ledger.ScalarAsync("SELECT stock FROM rewards WHERE id = 'coffee'"));
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM redemptions WHERE status = 'active' AND NOT is_used"));
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM ledger_holds WHERE status = 'captured'"));
        Assert.Empty(await Ledger.ViolationsAsync());
    }
}

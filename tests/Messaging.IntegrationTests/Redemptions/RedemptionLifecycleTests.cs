using System.Text.Json;

namespace Messaging.IntegrationTests.Redemptions;

/// <summary>
/// What happens around and after a redemption: the ledger's own hold expiry, use, expiry with and without
/// refund, and a Python app redeeming and listening for its outcome.
/// </summary>
[Collection(FeaturesCollection.Name)]
public sealed class RedemptionLifecycleTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_void_an_expired_hold_with_the_ledgers_own_sweeper_when_no_saga_settles_it()
    {
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        await Ledger.ScalarAsync(
            """
            INSERT INTO ledger_holds (hold_key, account_id, amount, status, expires_at)
            SELECT 'redemption:lost', id, 400, 'active', now() + interval '1 second' FROM accounts WHERE code = 'user:u-1:wallet'
            RETURNING 1
            """
        );
        Assert.Equal(400, await Ledger.HeldAsync("u-1"));
        await using var processor = await InProcessProcessor.StartAsync(
            Servers,
            new Dictionary<string, string?> { ["Redemptions:SweepInterval"] = "00:00:00.300" }
        );

        await Eventually.HoldsAsync(
            async () =>
                await Ledger.ScalarAsync("SELECT count(*) FROM ledger_holds WHERE status = 'voided' AND settled_reason = 'expired'") == 1,
            Timeout,
            "the ledger's sweeper to void the expired hold"
        );
        Assert.Equal(0, await Ledger.HeldAsync("u-1"));
        Assert.Equal(1000, await Ledger.BalanceAsync("u-1"));
    }

    [Fact]
    public async Task Should_fail_a_late_issue_without_charging_when_the_ledger_already_voided_the_hold()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "hoodie", 400, stock: 1, fulfilmentKind: "merch");
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        var revocations = await Broker.SubscribeAsync(RedemptionMessages.RevocationRequested);
        await using var processor = await InProcessProcessor.StartAsync(Servers);
        var id = Guid.NewGuid();
        await Broker.RequestAsync(id, "u-1", "hoodie");
        await Eventually.HoldsAsync(
            async () => await Ledger.ScalarAsync("SELECT count(*) FROM ledger_holds WHERE status = 'active'") == 1,
            Timeout,
            "the hold placed"
        );

        // Exactly what the ledger's expiry sweeper does to a hold that outlived its saga (LedgerHolds.VoidExpiredAsync).
        await Ledger.ScalarAsync(
            "UPDATE ledger_holds SET status = 'voided', settled_at = now(), settled_reason = 'expired' WHERE status = 'active' RETURNING 1"
        );
        await Broker.PublishJsonAsync("reward-issued", RedemptionMessages.Issued(id, "CODE-9"), Guid.NewGuid());
        var (exchange, body) = await outcomes.AwaitAsync(id, Timeout);

        Assert.Equal(RedemptionMessages.Failed, exchange);
        Assert.Equal("hold_expired", body.GetProperty("reason").GetString());
        Assert.Equal(1000, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(0, await Ledger.EntriesOfTypeAsync("redeemed"));
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT stock FROM rewards WHERE id = 'hoodie'"));
        await Eventually.HoldsAsync(async () => await Broker.CountAsync(revocations) == 1, Timeout, "one revocation requested");
    }

    [Fact]
    public async Task Should_mark_a_redemption_used_once_and_refuse_unknown_or_expired_ones_with_a_reason()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", 300);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        var used = await Broker.SubscribeAsync("redemption-used");
        await using var processor = await InProcessProcessor.StartAsync(Servers);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await Broker.RequestAsync(first, "u-1", "coffee");
        await Broker.RequestAsync(second, "u-1", "coffee");
        await outcomes.AwaitAsync(first, Timeout);
        await outcomes.AwaitAsync(second, Timeout);
        await Ledger.ScalarAsync(
            "UPDATE redemptions SET expires_at = now() - interval '1 second' WHERE id = @id RETURNING 1",
            ("id", second)
        );

        var (use, useAgain) = (Guid.NewGuid(), Guid.NewGuid());
        await Broker.PublishJsonAsync("mark-redemption-used", Use(first), use);
        await Broker.PublishJsonAsync("mark-redemption-used", Use(first), useAgain);
        await Broker.PublishJsonAsync("mark-redemption-used", Use(Guid.NewGuid()), Guid.NewGuid());
        await Broker.PublishJsonAsync("mark-redemption-used", Use(second), Guid.NewGuid());

        await Eventually.HoldsAsync(
            async () => await Broker.CountAsync("ledger-redemption-use_error") == 2,
            Timeout,
            "the unknown and the expired redemption refused"
        );
        var reasons = (await Broker.DrainAsync("ledger-redemption-use_error")).Select(m => m.Headers["MT-Fault-Message"]).ToList();
        Assert.Contains(reasons, r => r!.Contains("There is no completed redemption", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r!.Contains("can no longer be used", StringComparison.Ordinal));
        await Eventually.HoldsAsync(async () => await Broker.CountAsync(used) >= 1, Timeout, "RedemptionUsed");
        await Eventually.HoldsAsync(
            async () => await Ledger.ConsumedAsync(use, useAgain) == 2 && await Ledger.OutboxAsync() == 0,
            Timeout,
            "both marks consumed and what they caused published"
        );
        Assert.Equal(1u, await Broker.CountAsync(used));
        Assert.Equal(
            1,
            await Ledger.ScalarAsync("SELECT count(*) FROM redemptions WHERE is_used AND status = 'used' AND id = @id", ("id", first))
        );
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM redemptions WHERE is_used AND id = @id", ("id", second)));
    }

    [Theory]
    [InlineData(false, 700)]
    [InlineData(true, 1000)]
    public async Task Should_expire_an_unused_redemption_and_refund_it_only_when_the_policy_says_so(bool refund, long expectedBalance)
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", 300);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        var expired = await Broker.SubscribeAsync("redemption-expired");
        await using var processor = await InProcessProcessor.StartAsync(
            Servers,
            new Dictionary<string, string?>
            {
                ["Redemptions:RefundExpiredUnused"] = refund ? "true" : "false",
                ["Redemptions:SweepInterval"] = "00:00:00.300",
            }
        );
        var id = Guid.NewGuid();
        await Broker.RequestAsync(id, "u-1", "coffee");
        await outcomes.AwaitAsync(id, Timeout);

        var lastEarnedBefore = await LastEarnedAtAsync("u-1");
        await Ledger.ScalarAsync("UPDATE redemptions SET expires_at = now() - interval '1 second' WHERE id = @id RETURNING 1", ("id", id));
        await Eventually.HoldsAsync(async () => await Broker.CountAsync(expired) == 1, Timeout, "RedemptionExpired");

        var announcement = JsonDocument.Parse(Assert.Single(await Broker.DrainAsync(expired)).Body).RootElement;
        Assert.Equal(refund ? 300 : 0, announcement.GetProperty("refundedPoints").GetInt64());
        Assert.Equal(expectedBalance, announcement.GetProperty("balance").GetInt64());
        Assert.Equal(expectedBalance, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(refund ? 1 : 0, await Ledger.EntriesOfTypeAsync("redemption_refund"));
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM redemptions WHERE status = 'expired' AND expired_at IS NOT NULL"));
        Assert.Empty(await Ledger.ViolationsAsync());

        // Lifetime figures by entry type: a refund is a refund, not points earned, and does not move "last earned".
        Assert.Equal(1000, await Ledger.ScalarAsync("SELECT lifetime_earned FROM user_points WHERE user_id = 'u-1'"));
        Assert.Equal(300, await Ledger.ScalarAsync("SELECT lifetime_redeemed FROM user_points WHERE user_id = 'u-1'"));
        Assert.Equal(refund ? 300 : 0, await Ledger.ScalarAsync("SELECT lifetime_refunded FROM user_points WHERE user_id = 'u-1'"));
        Assert.Equal(lastEarnedBefore, await LastEarnedAtAsync("u-1"));
    }

    private async Task<DateTimeOffset> LastEarnedAtAsync(string userId)
    {
        await using var command = Servers.DataSource.CreateCommand("SELECT last_earned_at FROM user_points WHERE user_id = @user");
        command.Parameters.AddWithValue("user", userId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no user_points row for {userId}");
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    [Fact]
    public async Task Should_answer_a_python_pika_redemption_request_with_its_outcome()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "coffee", 300);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-python", 1000);
        await using var processor = await InProcessProcessor.StartAsync(Servers);

        var id = Guid.NewGuid();
        var output = await ProducerScript.PythonAsync(
            Servers,
            "redeem.py",
            "--redemption-id",
            id.ToString(),
            "--user",
            "u-python",
            "--reward",
            "coffee",
            "--expected-points",
            "300"
        );

        var line = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
        Assert.Equal(RedemptionMessages.Completed, line.GetProperty("outcome").GetString());
        Assert.Equal(id, line.GetProperty("message").GetProperty("redemptionId").GetGuid());
        Assert.Equal(700, line.GetProperty("message").GetProperty("balance").GetInt64());
        Assert.Equal(700, await Ledger.BalanceAsync("u-python"));
    }

    private static string Use(Guid redemptionId) =>
        JsonSerializer.Serialize(
            new { redemptionId, usedAt = DateTimeOffset.UtcNow },
            new JsonSerializerOptions(JsonSerializerDefaults.Web)
        );
}

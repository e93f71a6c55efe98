using System.Text.Json;

namespace Messaging.IntegrationTests.Quotas;

/// <summary>
/// TokensDeductRequested against monthly quotas (seed 004), on real servers: deducted once per usage id and answered at
/// once; refused with what remains when the month has too little, the refusal recorded and the same answer given again;
/// the month rolled over by its first use (or the sweeper) as explicit ledger entries, exactly once however many first
/// uses race; plan changes mid-month; a threshold announced once.
/// </summary>
[Collection(FeaturesCollection.Name)]
public sealed class QuotaTests(ServersFixture servers) : ProcessorTest(servers)
{
    private const string Exchange = "tokens-deduct-requested";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset LateNovember = new(2026, 11, 30, 23, 59, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset EarlyDecember = new(2026, 12, 1, 0, 1, 0, TimeSpan.Zero);

    [Fact]
    public async Task Should_deduct_within_the_quota_once_per_usage_id_and_answer_the_same_each_time()
    {
        var answers = await Broker.SubscribeAsync("tokens-deducted");
        await using (await InProcessProcessor.StartAsync(Servers, clock: new SettableClock(LateNovember)))
        {
            await Broker.PublishJsonAsync(Exchange, Use("u-1", "alice", 10), Guid.NewGuid());
            await Broker.PublishJsonAsync(Exchange, Use("u-1", "alice", 10), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(answers) == 2, Timeout, "both asks answered");
        }

        var figures = (await Broker.DrainAsync(answers)).Select(m => JsonDocument.Parse(m.Body).RootElement).ToList();
        Assert.All(figures, a => Assert.Equal((10L, 50L, 40L, "2026-11"), Figures(a)));
        Assert.Equal(1, await Ledger.EntriesOfTypeAsync("tokens_deducted"));
        Assert.Equal(1, await Ledger.EntriesOfTypeAsync("quota_reset"));
        Assert.Equal(40, await Ledger.ScalarAsync("SELECT balance FROM accounts WHERE code = 'quota:alice:2026-11'"));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    [Fact]
    public async Task Should_refuse_a_use_above_what_remains_record_it_change_nothing_and_refuse_it_again_alike()
    {
        var rejected = await Broker.SubscribeAsync("tokens-deduct-rejected");
        await using (await InProcessProcessor.StartAsync(Servers, clock: new SettableClock(LateNovember)))
        {
            await Broker.PublishJsonAsync(Exchange, Use("big-1", "bob", 45), Guid.NewGuid());
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesOfTypeAsync("tokens_deducted") == 1,
                Timeout,
                "the first use deducted"
            );
            await Broker.PublishJsonAsync(Exchange, Use("big-2", "bob", 6), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(rejected) == 1, Timeout, "the second use refused");
            await Broker.PublishJsonAsync(Exchange, Use("big-2", "bob", 6), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(rejected) == 2, Timeout, "asked again, refused again");
        }

        var refusals = (await Broker.DrainAsync(rejected)).Select(m => JsonDocument.Parse(m.Body).RootElement).ToList();
        Assert.All(refusals, r =>
        {
            Assert.Equal("quota_exceeded", r.GetProperty("reason").GetString());
            Assert.Equal((45L, 50L, 5L, "2026-11"), Figures(r));
            Assert.Contains(
                "bob has 5 of 50 tokens left for 2026-11, fewer than the 6",
                r.GetProperty("details").GetString(),
                StringComparison.Ordinal
            );
        });
        Assert.Equal(5, await Ledger.ScalarAsync("SELECT balance FROM accounts WHERE code = 'quota:bob:2026-11'"));
        Assert.Equal(2, await Ledger.RefusalsAsync("quota_exceeded"));
    }

    [Fact]
    public async Task Should_close_the_old_month_and_open_the_new_one_as_entries_on_the_first_use_after_midnight()
    {
        var answers = await Broker.SubscribeAsync("tokens-deducted");
        var clock = new SettableClock(LateNovember);
        await using (await InProcessProcessor.StartAsync(Servers, clock: clock))
        {
            await Broker.PublishJsonAsync(Exchange, Use("nov-1", "carol", 30), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(answers) == 1, Timeout, "November's use answered");
            clock.Now = EarlyDecember;
            await Broker.PublishJsonAsync(Exchange, Use("dec-1", "carol", 5), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(answers) == 2, Timeout, "December's use answered");
        }

        var december = (await Broker.DrainAsync(answers))
            .Select(m => JsonDocument.Parse(m.Body).RootElement)
            .Single(a => a.GetProperty("usageId").GetString() == "dec-1");
        Assert.Equal((5L, 50L, 45L, "2026-12"), Figures(december));
        Assert.Equal(
            20,
            await Ledger.ScalarAsync(
                "SELECT (metadata->>'Lapsed')::bigint FROM journal_entries WHERE idempotency_key = 'quota-lapse:carol:2026-11'"
            )
        );
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT balance FROM accounts WHERE code = 'quota:carol:2026-11'"));
        Assert.Equal(2, await Ledger.EntriesOfTypeAsync("quota_reset"));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    [Fact]
    public async Task Should_open_a_month_exactly_once_when_twenty_first_uses_race()
    {
        var answers = await Broker.SubscribeAsync("tokens-deducted");
        var racing = new Dictionary<string, string?> { ["Commit:Writers"] = "4", ["Commit:MaxBatchSize"] = "3" };
        await using (await InProcessProcessor.StartAsync(Servers, racing, new SettableClock(EarlyDecember)))
        {
            await Task.WhenAll(
                Enumerable.Range(1, 20).Select(i => Broker.PublishJsonAsync(Exchange, Use($"race-{i}", "dave", 2), Guid.NewGuid()))
            );
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(answers) == 20, Timeout, "all twenty answered");
        }

        Assert.Equal(
            1,
            await Ledger.ScalarAsync("SELECT count(*) FROM journal_entries WHERE idempotency_key = 'quota-reset:dave:2026-12'")
        );
        Assert.Equal(20, await Ledger.EntriesOfTypeAsync("tokens_deducted"));
        Assert.Equal(10, await Ledger.ScalarAsync("SELECT balance FROM accounts WHERE code = 'quota:dave:2026-12'"));
        var remaining = (await Broker.DrainAsync(answers))
            .Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("monthlyRemaining").GetInt64())
            .Order()
            .ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => 10L + (2 * i)).ToList(), remaining);
    }

    [Fact]
    public async Task Should_roll_idle_users_over_with_the_sweeper_so_the_health_check_reads_no_stale_user()
    {
        var clock = new SettableClock(LateNovember);
        await using (
            await InProcessProcessor.StartAsync(
                Servers,
                new Dictionary<string, string?> { ["Quotas:SweepInterval"] = "00:00:00.200" },
                clock
            )
        )
        {
            foreach (var user in new[] { "erin", "frank", "grace" })
            {
                await Broker.PublishJsonAsync(Exchange, Use($"{user}-nov", user, 10), Guid.NewGuid());
            }

            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesOfTypeAsync("tokens_deducted") == 3,
                Timeout,
                "November's uses deducted"
            );
            clock.Now = EarlyDecember;
            await Eventually.HoldsAsync(
                async () =>
                    await Ledger.ScalarAsync("SELECT count(*) FROM journal_entries WHERE idempotency_key LIKE 'quota-reset:%:2026-12'")
                    == 3,
                Timeout,
                "the idle users rolled over into December by the sweeper"
            );
        }

        var health = await new Messaging.Ledger.Quotas.QuotaQueries(Servers.DataSource).HealthAsync("2026-12", CancellationToken.None);
        Assert.Equal((3L, 3L, 0L), (health.Users, health.Current, health.Stale));
        Assert.Equal(
            3,
            await Ledger.ScalarAsync(
                "SELECT count(*) FROM journal_entries WHERE entry_type = 'quota_lapse' AND metadata->>'Month' = '2026-11'"
            )
        );
    }

    [Fact]
    public async Task Should_credit_an_upgrade_at_once_and_keep_the_month_on_a_downgrade()
    {
        var answers = await Broker.SubscribeAsync("tokens-deducted");
        var plans = new Messaging.Ledger.Quotas.QuotaPlans(Servers.DataSource, new Messaging.Ledger.Writing.LedgerBatchWriter());
        await using (await InProcessProcessor.StartAsync(Servers, clock: new SettableClock(LateNovember)))
        {
            await Broker.PublishJsonAsync(Exchange, Use("h-1", "heidi", 40), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(answers) == 1, Timeout, "the first use answered");

            await plans.ChangeAsync("heidi", "pro", 1000, "2026-11", "test", LateNovember, CancellationToken.None);
            Assert.Equal(960, await Ledger.ScalarAsync("SELECT balance FROM accounts WHERE code = 'quota:heidi:2026-11'"));
            await plans.ChangeAsync("heidi", "free", 50, "2026-11", "test", LateNovember, CancellationToken.None);
            Assert.Equal(960, await Ledger.ScalarAsync("SELECT balance FROM accounts WHERE code = 'quota:heidi:2026-11'"));

            await Task.Delay(Messaging.Ledger.Quotas.QuotaLimits.RememberFor);
            await Broker.PublishJsonAsync(Exchange, Use("h-2", "heidi", 100), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(answers) == 2, Timeout, "the use after the changes answered");
        }

        var last = (await Broker.DrainAsync(answers))
            .Select(m => JsonDocument.Parse(m.Body).RootElement)
            .Single(a => a.GetProperty("usageId").GetString() == "h-2");
        Assert.Equal((140L, 1000L, 860L, "2026-11"), Figures(last));
        Assert.Equal(1, await Ledger.EntriesOfTypeAsync("quota_adjustment"));
        Assert.Equal(2, await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'quota-plan'"));
    }

    [Fact]
    public async Task Should_announce_a_threshold_once_when_a_use_crosses_it()
    {
        var alerts = await Broker.SubscribeAsync("quota-threshold-reached");
        await using (await InProcessProcessor.StartAsync(Servers, clock: new SettableClock(LateNovember)))
        {
            await Broker.PublishJsonAsync(Exchange, Use("t-1", "ivan", 40), Guid.NewGuid());
            await Broker.PublishJsonAsync(Exchange, Use("t-2", "ivan", 6), Guid.NewGuid());
            await Broker.PublishJsonAsync(Exchange, Use("t-3", "ivan", 2), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Ledger.EntriesOfTypeAsync("tokens_deducted") == 3, Timeout, "all three deducted");
            await Eventually.HoldsAsync(async () => await Ledger.OutboxAsync() == 0, Timeout, "everything announced");
        }

        var alert = JsonDocument.Parse(Assert.Single(await Broker.DrainAsync(alerts)).Body).RootElement;
        Assert.Equal(90, alert.GetProperty("thresholdPercent").GetInt32());
        Assert.Equal(46, alert.GetProperty("monthlyUsed").GetInt64());
    }

    private static (long Used, long Limit, long Remaining, string? Month) Figures(JsonElement answer) =>
        (
            answer.GetProperty("monthlyUsed").GetInt64(),
            answer.GetProperty("monthlyLimit").GetInt64(),
            answer.GetProperty("monthlyRemaining").GetInt64(),
            answer.GetProperty("month").GetString()
        );

    private static string Use(string usageId, string user, long amount) =>
        JsonSerializer.Serialize(
            new
            {
                usageId,
                userId = user,
                feature = "literature_search",
                amount,
                context = new { test = true },
                occurredAt = "2026-11-30T23:59:00Z",
            }
        );
}

using System.Text.Json;

namespace Messaging.IntegrationTests.Tenants;

/// <summary>
/// ClawbackFromTenant takes points back from a tenant's pool, at most what it holds, never from users' wallets; the
/// shortfall is recorded on the entry and announced. Like allocations, only an authorised admin may send it.
/// </summary>
[Collection(FeaturesCollection.Name)]
public sealed class ClawbackTests(ServersFixture servers) : TenantTest(servers)
{
    private const string Exchange = "clawback-from-tenant";
    private const string ErrorQueue = "ledger-tenant-clawbacks_error";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Ledger.RegisterTenantAsync("acme");
    }

    [Fact]
    public async Task Should_take_at_most_the_pool_and_record_and_announce_the_shortfall()
    {
        var answers = await Broker.SubscribeAsync("tenant-clawed-back");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await PublishAsync(
                "allocate-to-tenant",
                new
                {
                    allocationId = "a-1",
                    tenantId = "acme",
                    points = 500,
                    referenceNote = "Invoice 1",
                    requestedBy = "ops",
                    occurredAt = "2026-11-01T00:00:00Z",
                }
            );
            await Eventually.HoldsAsync(async () => await Ledger.PoolAsync("acme") == 500, Timeout, "allocated");
            await PublishAsync(
                "grant-recognition",
                new
                {
                    recognitionId = "r-1",
                    tenantId = "acme",
                    giverId = "alice",
                    receiverId = "bob",
                    points = 100,
                    message = "thanks",
                    occurredAt = "2026-11-02T00:00:00Z",
                },
                admin: false
            );
            await Eventually.HoldsAsync(async () => await Ledger.BalanceAsync("bob") == 100, Timeout, "recognised");

            await PublishAsync(Exchange, Clawback("c-1", 300));
            await Eventually.HoldsAsync(async () => await Ledger.PoolAsync("acme") == 100, Timeout, "the first clawback applied in full");
            await PublishAsync(Exchange, Clawback("c-2", 1000));
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(answers) == 2, Timeout, "the second clawback answered");
            await PublishAsync(Exchange, Clawback("c-3", 50));
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(answers) == 3,
                Timeout,
                "the clawback on an empty pool answered"
            );
            await PublishAsync(Exchange, Clawback("c-1", 300));
            await Eventually.HoldsAsync(async () => await Ledger.InboxAsync() == 6, Timeout, "the repeated clawback acknowledged");
        }

        var published = (await Broker.DrainAsync(answers))
            .Select(m => JsonDocument.Parse(m.Body).RootElement)
            .ToDictionary(a => a.GetProperty("clawbackId").GetString()!, a => a, StringComparer.Ordinal);
        Assert.Equal(3, published.Count);
        Assert.Equal((300L, 300L, 0L, 100L), Figures(published["c-1"]));
        Assert.Equal((1000L, 100L, 900L, 0L), Figures(published["c-2"]));
        Assert.Equal((50L, 0L, 50L, 0L), Figures(published["c-3"]));
        Assert.Equal(BrokerRoles.Admin, published["c-2"].GetProperty("authorisedBy").GetString());

        // Users' wallets are permanent; the shortfall is on the entry and in the allocation log; the empty pool is on record.
        Assert.Equal(100, await Ledger.BalanceAsync("bob"));
        Assert.Equal(0, await Ledger.PoolAsync("acme"));
        Assert.Equal(
            "900",
            await Ledger.TextAsync("SELECT metadata->>'Shortfall' FROM journal_entries WHERE idempotency_key = 'clawback:c-2'")
        );
        Assert.Equal(900, await Ledger.ScalarAsync("SELECT shortfall FROM tenant_allocation_log WHERE command_id = 'c-2'"));
        Assert.Equal(-100, await Ledger.ScalarAsync("SELECT points FROM tenant_allocation_log WHERE command_id = 'c-2'"));
        Assert.Equal(1, await Ledger.RefusalsAsync("pool_empty"));
        Assert.Equal(2, await Ledger.EntriesAsync("clawback:"));
        Assert.Equal(500 - 400, await Ledger.ScalarAsync("SELECT sum(points_issued) FROM platform_billing_log WHERE tenant_id = 'acme'"));
        Assert.Equal(0u, await Broker.CountAsync(ErrorQueue));
    }

    [Fact]
    public async Task Should_take_nothing_and_record_the_attempt_when_the_publisher_is_not_an_administrator()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await PublishAsync(
                "allocate-to-tenant",
                new
                {
                    allocationId = "a-1",
                    tenantId = "acme",
                    points = 500,
                    referenceNote = "Invoice 1",
                    requestedBy = "ops",
                    occurredAt = "2026-11-01T00:00:00Z",
                }
            );
            await Eventually.HoldsAsync(async () => await Ledger.PoolAsync("acme") == 500, Timeout, "allocated");
            await PublishAsync(Exchange, Clawback("sneaky-1", 500), admin: false);
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(ErrorQueue) == 1, Timeout, "the clawback dead-lettered");
        }

        var dead = Assert.Single(await Broker.DrainAsync(ErrorQueue));
        Assert.Contains("ClawbackFromTenant has no AMQP user_id property", dead.Headers["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Equal(500, await Ledger.PoolAsync("acme"));
        Assert.Equal(
            "clawback:sneaky-1",
            await Ledger.TextAsync("SELECT idempotency_key FROM ledger_refusals WHERE reason_code = 'unauthorised_minting'")
        );
    }

    private static (long Requested, long Applied, long Shortfall, long Pool) Figures(JsonElement answer) =>
        (
            answer.GetProperty("requestedPoints").GetInt64(),
            answer.GetProperty("appliedPoints").GetInt64(),
            answer.GetProperty("shortfall").GetInt64(),
            answer.GetProperty("poolBalance").GetInt64()
        );

    private Task PublishAsync(string exchange, object message, bool admin = true) =>
        Broker.PublishJsonAsync(exchange, JsonSerializer.Serialize(message), Guid.NewGuid(), userId: admin ? BrokerRoles.Admin : null);

    private static object Clawback(string id, long points) =>
        new
        {
            clawbackId = id,
            tenantId = "acme",
            points,
            reason = "contract ended",
            requestedBy = "ops",
            occurredAt = "2026-11-20T00:00:00Z",
        };
}

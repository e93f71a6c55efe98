using System.Text.Json;
using RabbitMQ.Client.Exceptions;

namespace Messaging.IntegrationTests.Tenants;

/// <summary>
/// AllocateToTenant mints points into a tenant's pool only for an admin the broker vouches for: the AMQP user_id
/// (which RabbitMQ checks against the connection's user) must be on Tenants:Administrators. Anything else is
/// dead-lettered with its reason, recorded, and mints nothing.
/// </summary>
[Collection(FeaturesCollection.Name)]
public sealed class TenantAllocationTests(ServersFixture servers) : TenantTest(servers)
{
    private const string Exchange = "allocate-to-tenant";
    private const string ErrorQueue = "ledger-tenant-allocations_error";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Ledger.RegisterTenantAsync("acme");
        await Ledger.RegisterTenantAsync("globex");
    }

    [Fact]
    public async Task Should_mint_an_authorised_allocation_into_the_pool_once_and_announce_the_pool_balance()
    {
        var announcements = await Broker.SubscribeAsync("tenant-allocated");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Exchange, Allocation("a-1", "acme", 5000), Guid.NewGuid(), userId: BrokerRoles.Admin);
            await Broker.PublishJsonAsync(Exchange, Allocation("a-2", "acme", 2500), Guid.NewGuid(), userId: BrokerRoles.Admin);
            // The same allocation again, as a retrying admin tool would send it: applied once.
            await Broker.PublishJsonAsync(Exchange, Allocation("a-1", "acme", 5000), Guid.NewGuid(), userId: BrokerRoles.Admin);
            await Eventually.HoldsAsync(
                async () =>
                    await PoolAsync("acme") == 7500 && await Broker.CountAsync(announcements) == 2 && await Ledger.InboxAsync() == 3,
                Timeout,
                "both allocations applied and announced, the repeat acknowledged"
            );
        }

        Assert.Equal(2, await Ledger.EntriesAsync("allocation:"));
        Assert.Equal(-7500, await Ledger.ScalarAsync("SELECT balance FROM accounts WHERE code = 'platform:issuance:admins'"));
        Assert.Equal("acme", await Ledger.TextAsync("SELECT tenant_id FROM accounts WHERE code = 'tenant:acme:pool'"));
        var published = (await Broker.DrainAsync(announcements)).Select(m => JsonDocument.Parse(m.Body).RootElement).ToList();
        Assert.Equal([5000L, 7500L], published.Select(p => p.GetProperty("poolBalance").GetInt64()).Order());
        Assert.All(published, p => Assert.Equal(BrokerRoles.Admin, p.GetProperty("authorisedBy").GetString()));
        Assert.Equal(0u, await Broker.CountAsync(ErrorQueue));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    [Fact]
    public async Task Should_apply_an_allocation_a_python_admin_publishes_exactly_as_the_contract_says()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            var output = await ProducerScript.PythonAsync(
                Servers,
                "allocate.py",
                "--tenant-id",
                "globex",
                "--points",
                "1200",
                "--allocation-id",
                "py-1",
                "--reference-note",
                "Invoice 7",
                "--requested-by",
                "ops"
            );
            Assert.Contains($"as RabbitMQ user '{BrokerRoles.Admin}'", output, StringComparison.Ordinal);
            await Eventually.HoldsAsync(async () => await PoolAsync("globex") == 1200, Timeout, "the Python admin's allocation applied");
        }

        Assert.Equal(
            "Invoice 7",
            await Ledger.TextAsync("SELECT metadata->>'ReferenceNote' FROM journal_entries WHERE idempotency_key = 'allocation:py-1'")
        );
        Assert.Equal(0u, await Broker.CountAsync(ErrorQueue));
    }

    [Fact]
    public async Task Should_mint_nothing_and_record_the_attempt_when_the_command_has_no_user_id()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Exchange, Allocation("anon-1", "acme", 5000), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(ErrorQueue) == 1, Timeout, "the allocation dead-lettered");
        }

        await AssertRefusedAsync("anon-1", "has no AMQP user_id property");
    }

    [Fact]
    public async Task Should_mint_nothing_and_record_the_attempt_when_the_publisher_is_not_an_administrator()
    {
        await using (
            await InProcessProcessor.StartAsync(
                Servers,
                new Dictionary<string, string?> { ["Tenants:Administrators:0"] = "platform-admin" }
            )
        )
        {
            await Broker.PublishJsonAsync(Exchange, Allocation("user-1", "acme", 5000), Guid.NewGuid(), userId: BrokerRoles.Admin);
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(ErrorQueue) == 1, Timeout, "the allocation dead-lettered");
        }

        await AssertRefusedAsync("user-1", $"was published by RabbitMQ user '{BrokerRoles.Admin}', who is not on Tenants:Administrators");
        Assert.Equal(BrokerRoles.Admin, await Ledger.TextAsync("SELECT payload->>'publishedBy' FROM ledger_refusals"));
    }

    [Fact]
    public async Task Should_dead_letter_an_allocation_id_reused_with_other_content_and_mint_only_the_first()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Exchange, Allocation("same-1", "acme", 5000), Guid.NewGuid(), userId: BrokerRoles.Admin);
            await Eventually.HoldsAsync(async () => await PoolAsync("acme") == 5000, Timeout, "the first allocation applied");
            await Broker.PublishJsonAsync(Exchange, Allocation("same-1", "acme", 9000), Guid.NewGuid(), userId: BrokerRoles.Admin);
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(ErrorQueue) == 1,
                Timeout,
                "the conflicting allocation dead-lettered"
            );
        }

        var dead = Assert.Single(await Broker.DrainAsync(ErrorQueue));
        Assert.Contains(
            "Idempotency key 'allocation:same-1' was already applied with different content",
            dead.Headers["MT-Fault-Message"],
            StringComparison.Ordinal
        );
        Assert.Equal(5000, await PoolAsync("acme"));
        Assert.Equal(1, await Ledger.RefusalsAsync("idempotency_conflict"));
    }

    [Fact]
    public async Task Should_refuse_an_allocation_above_the_maximum()
    {
        await using (
            await InProcessProcessor.StartAsync(Servers, new Dictionary<string, string?> { ["Tenants:MaxAllocationPoints"] = "1000" })
        )
        {
            await Broker.PublishJsonAsync(Exchange, Allocation("big-1", "acme", 1001), Guid.NewGuid(), userId: BrokerRoles.Admin);
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(ErrorQueue) == 1, Timeout, "the allocation dead-lettered");
        }

        var dead = Assert.Single(await Broker.DrainAsync(ErrorQueue));
        Assert.Contains("more than Tenants:MaxAllocationPoints (1000)", dead.Headers["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Equal(0, await Ledger.EntriesAsync("allocation:"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-500)]
    public async Task Should_refuse_an_allocation_of_zero_or_negative_points_before_any_consumer(long points)
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Exchange, Allocation("nothing-1", "acme", points), Guid.NewGuid(), userId: BrokerRoles.Admin);
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(ErrorQueue) == 1, Timeout, "the allocation dead-lettered");
        }

        var dead = Assert.Single(await Broker.DrainAsync(ErrorQueue));
        Assert.Contains(
            $"AllocateToTenant refused: /points must be at least 1, got a number ({points})",
            dead.Headers["MT-Fault-Message"],
            StringComparison.Ordinal
        );
        Assert.Equal(0, await Ledger.EntriesAsync("allocation:"));
    }

    [Fact]
    public async Task Should_dead_letter_an_allocation_to_a_tenant_nobody_registered_and_mint_nothing()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Exchange, Allocation("ghost-1", "initech", 5000), Guid.NewGuid(), userId: BrokerRoles.Admin);
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(ErrorQueue) == 1, Timeout, "the allocation dead-lettered");
        }

        var dead = Assert.Single(await Broker.DrainAsync(ErrorQueue));
        Assert.Contains("names tenant 'initech', which is not registered", dead.Headers["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Contains("tenant add initech", dead.Headers["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Equal(0, await Ledger.EntriesAsync("allocation:"));
        Assert.Equal(0, await PoolAsync("initech"));
    }

    [Fact]
    public async Task Should_be_refused_by_the_broker_when_an_upstream_producers_user_publishes_an_allocation()
    {
        // eng/servers.sh provisions ledger_orders with the permissions of eng/rabbitmq/users.tsv: it may publish orders,
        // and nothing else: not allocations. The broker closes the channel; nothing reaches the processor.
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            Assert.Equal(BrokerRoles.Orders, Broker.PublisherOf(Orders.Exchange));
            await Broker.PublishJsonAsync(
                Orders.Exchange,
                Orders.Json("allowed-1", "u-1", 10m),
                Guid.NewGuid(),
                userId: BrokerRoles.Orders
            );
            var refused = await Assert.ThrowsAnyAsync<RabbitMQClientException>(() =>
                Broker.PublishJsonAsync(
                    Exchange,
                    Allocation("producer-1", "acme", 5000),
                    Guid.NewGuid(),
                    userId: BrokerRoles.Orders,
                    asUser: BrokerRoles.Orders
                )
            );
            Assert.Contains("ACCESS_REFUSED", refused.ToString(), StringComparison.Ordinal);
            await Eventually.HoldsAsync(async () => await Ledger.BalanceAsync("u-1") > 0, Timeout, "the producer's order applied");
        }

        Assert.Equal(0, await Ledger.EntriesAsync("allocation:"));
        Assert.Equal(0, await PoolAsync("acme"));
    }

    [Fact]
    public async Task Should_be_refused_by_the_broker_when_the_user_id_is_forged()
    {
        // RabbitMQ closes the channel of a publish whose user_id is not the connection's user: nothing reaches the processor.
        var forged = await Assert.ThrowsAnyAsync<RabbitMQClientException>(() =>
            Broker.PublishJsonAsync(Exchange, Allocation("forged-1", "acme", 5000), Guid.NewGuid(), userId: "platform-admin")
        );
        Assert.Contains("user_id", forged.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task AssertRefusedAsync(string allocationId, string reason)
    {
        var dead = Assert.Single(await Broker.DrainAsync(ErrorQueue));
        Assert.Contains(reason, dead.Headers["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Equal(0, await Ledger.EntriesAsync("allocation:"));
        Assert.Equal(0, await PoolAsync("acme"));
        Assert.Equal(
            $"allocation:{allocationId}",
            await Ledger.TextAsync("SELECT idempotency_key FROM ledger_refusals WHERE reason_code = 'unauthorised_minting'")
        );
    }

    private Task<long> PoolAsync(string tenant) => Ledger.PoolAsync(tenant);

    private static string Allocation(string id, string tenant, long points) => TenantMessages.Allocation(id, tenant, points);
}

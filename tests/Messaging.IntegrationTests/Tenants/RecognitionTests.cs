using System.Text.Json;
using static Messaging.Testing.TenantMessages;

namespace Messaging.IntegrationTests.Tenants;

/// <summary>
/// GrantRecognition moves points from a tenant's pool to the receiver's wallet once per recognition id. The pool never
/// goes below zero and a giver never past their monthly allowance, however many recognitions race: the ledger decides
/// each under the locks of the pool and the allowance. A refusal is an answer (RecognitionRejected), not a dead letter.
/// </summary>
[Collection(FeaturesCollection.Name)]
public sealed class RecognitionTests(ServersFixture servers) : TenantTest(servers)
{
    private const string Exchange = "grant-recognition";
    private const string ErrorQueue = "ledger-recognitions_error";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Many small transactions on several writers: recognitions for one pool race each other across transactions.
    private static readonly Dictionary<string, string?> RacingWriters = new() { ["Commit:Writers"] = "4", ["Commit:MaxBatchSize"] = "3" };

    [Fact]
    public async Task Should_move_points_from_the_pool_to_the_receiver_once_and_announce_both_balances()
    {
        await Ledger.RegisterTenantAsync("acme");
        var granted = await Broker.SubscribeAsync("recognition-granted");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await AllocateAsync("acme", 1000);
            var first = Guid.NewGuid();
            await Broker.PublishJsonAsync(Exchange, Recognition("r-1", "acme", "alice", "bob", 150), first);
            // The same message redelivered, and the same recognition sent again by a retrying app: applied once.
            await Broker.PublishJsonAsync(Exchange, Recognition("r-1", "acme", "alice", "bob", 150), first);
            await Broker.PublishJsonAsync(Exchange, Recognition("r-1", "acme", "alice", "bob", 150), Guid.NewGuid());
            await Eventually.HoldsAsync(
                async () =>
                    await Ledger.BalanceAsync("bob") == 150
                    && await Broker.CountAsync(granted) == 1
                    && await Ledger.ConsumedAsync(first) == 1
                    && await Ledger.ScalarAsync("SELECT count(*) FROM inbox_state WHERE consumer_id = 'grant-recognition'") == 2,
                Timeout,
                "the recognition applied once and announced"
            );
        }

        Assert.Equal(850, await Ledger.PoolAsync("acme"));
        Assert.Equal(1, await Ledger.EntriesAsync("recognition:"));
        var announced = JsonDocument.Parse(Assert.Single(await Broker.DrainAsync(granted)).Body).RootElement;
        Assert.Equal(850, announced.GetProperty("poolBalance").GetInt64());
        Assert.Equal(150, announced.GetProperty("receiverBalance").GetInt64());
        Assert.Equal("alice", announced.GetProperty("giverId").GetString());
        Assert.Equal(0u, await Broker.CountAsync(ErrorQueue));
    }

    [Fact]
    public async Task Should_grant_exactly_ten_of_fifty_concurrent_recognitions_when_the_pool_has_room_for_ten()
    {
        await Ledger.RegisterTenantAsync("acme");
        var granted = await Broker.SubscribeAsync("recognition-granted");
        var rejected = await Broker.SubscribeAsync("recognition-rejected");
        await using (await InProcessProcessor.StartAsync(Servers, RacingWriters))
        {
            await AllocateAsync("acme", 100);
            await Task.WhenAll(
                Enumerable
                    .Range(1, 50)
                    .Select(i =>
                        Broker.PublishJsonAsync(
                            Exchange,
                            Recognition($"race-{i}", "acme", $"giver-{i}", $"receiver-{i % 7}", 10),
                            Guid.NewGuid()
                        )
                    )
            );
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(granted) + await Broker.CountAsync(rejected) == 50,
                Timeout,
                "all fifty answered"
            );
        }

        Assert.Equal(10u, await Broker.CountAsync(granted));
        var refusals = (await Broker.DrainAsync(rejected)).Select(m => JsonDocument.Parse(m.Body).RootElement).ToList();
        Assert.Equal(40, refusals.Count);
        Assert.All(refusals, r => Assert.Equal("insufficient_allocation", r.GetProperty("reason").GetString()));
        Assert.Contains(refusals, r => r.GetProperty("details").GetString()!.Contains("pool holds 0 points", StringComparison.Ordinal));
        Assert.Equal(0, await Ledger.PoolAsync("acme"));
        Assert.Equal(10, await Ledger.EntriesAsync("recognition:"));
        Assert.Equal(40, await Ledger.RefusalsAsync("insufficient_allocation"));
        Assert.Equal(0u, await Broker.CountAsync(ErrorQueue));
    }

    [Fact]
    public async Task Should_grant_exactly_ten_of_fifty_concurrent_recognitions_when_the_givers_allowance_has_room_for_ten()
    {
        await Ledger.RegisterTenantAsync("acme", monthlyGivingAllowance: 100);
        var granted = await Broker.SubscribeAsync("recognition-granted");
        var rejected = await Broker.SubscribeAsync("recognition-rejected");
        await using (await InProcessProcessor.StartAsync(Servers, RacingWriters))
        {
            await AllocateAsync("acme", 100_000);
            await Task.WhenAll(
                Enumerable
                    .Range(1, 50)
                    .Select(i =>
                        Broker.PublishJsonAsync(
                            Exchange,
                            Recognition($"generous-{i}", "acme", "alice", $"receiver-{i % 7}", 10),
                            Guid.NewGuid()
                        )
                    )
            );
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(granted) + await Broker.CountAsync(rejected) == 50,
                Timeout,
                "all fifty answered"
            );
        }

        Assert.Equal(10u, await Broker.CountAsync(granted));
        var refusals = (await Broker.DrainAsync(rejected)).Select(m => JsonDocument.Parse(m.Body).RootElement).ToList();
        Assert.Equal(40, refusals.Count);
        Assert.All(refusals, r => Assert.Equal("allowance_exceeded", r.GetProperty("reason").GetString()));
        Assert.Contains(refusals, r =>
            r.GetProperty("details")
                .GetString()!
                .Contains("alice has 0 of their 100 points of giving allowance left for 2026-11", StringComparison.Ordinal)
        );
        Assert.Equal(100_000 - 100, await Ledger.PoolAsync("acme"));
        Assert.Equal(100, await Ledger.ScalarAsync("SELECT used FROM limit_usage WHERE limit_key = 'giving:acme:alice:2026-11'"));
    }

    [Fact]
    public async Task Should_count_the_allowance_per_calendar_month_of_the_tenants_time_zone()
    {
        // Auckland is 13 hours ahead in November: 2026-11-30T10:30Z is still November there, 11:30Z is already December.
        await Ledger.RegisterTenantAsync("kiwi", monthlyGivingAllowance: 100, timeZone: "Pacific/Auckland");
        var rejected = await Broker.SubscribeAsync("recognition-rejected");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await AllocateAsync("kiwi", 1000);
            await Broker.PublishJsonAsync(
                Exchange,
                Recognition("nov", "kiwi", "alice", "bob", 100, "2026-11-30T10:30:00Z"),
                Guid.NewGuid()
            );
            await Broker.PublishJsonAsync(
                Exchange,
                Recognition("dec", "kiwi", "alice", "bob", 100, "2026-11-30T11:30:00Z"),
                Guid.NewGuid()
            );
            await Eventually.HoldsAsync(async () => await Ledger.BalanceAsync("bob") == 200, Timeout, "both months' recognitions granted");
            await Broker.PublishJsonAsync(
                Exchange,
                Recognition("dec-2", "kiwi", "alice", "carol", 1, "2026-12-15T09:00:00Z"),
                Guid.NewGuid()
            );
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(rejected) == 1, Timeout, "December's allowance used up");
        }

        var refusal = JsonDocument.Parse(Assert.Single(await Broker.DrainAsync(rejected)).Body).RootElement;
        Assert.Equal("allowance_exceeded", refusal.GetProperty("reason").GetString());
        Assert.Contains("left for 2026-12 (Pacific/Auckland)", refusal.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Ledger.BalanceAsync("carol"));
    }

    [Fact]
    public async Task Should_reject_a_self_recognition_and_change_nothing()
    {
        await Ledger.RegisterTenantAsync("acme");
        var rejected = await Broker.SubscribeAsync("recognition-rejected");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await AllocateAsync("acme", 1000);
            await Broker.PublishJsonAsync(Exchange, Recognition("me-1", "acme", "alice", "alice", 50), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(rejected) == 1, Timeout, "the self-recognition rejected");
        }

        var refusal = JsonDocument.Parse(Assert.Single(await Broker.DrainAsync(rejected)).Body).RootElement;
        Assert.Equal("self_recognition", refusal.GetProperty("reason").GetString());
        Assert.Equal(1000, await Ledger.PoolAsync("acme"));
        Assert.Equal(0, await Ledger.BalanceAsync("alice"));
        Assert.Equal(0, await Ledger.EntriesAsync("recognition:"));
    }

    [Fact]
    public async Task Should_decide_a_refused_recognition_again_when_it_is_sent_again_after_a_top_up()
    {
        await Ledger.RegisterTenantAsync("acme");
        var granted = await Broker.SubscribeAsync("recognition-granted");
        var rejected = await Broker.SubscribeAsync("recognition-rejected");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Exchange, Recognition("later-1", "acme", "alice", "bob", 50), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(rejected) == 1, Timeout, "refused while the pool is empty");
            await AllocateAsync("acme", 50);
            await Broker.PublishJsonAsync(Exchange, Recognition("later-1", "acme", "alice", "bob", 50), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(granted) == 1, Timeout, "granted after the top-up");
        }

        Assert.Equal(50, await Ledger.BalanceAsync("bob"));
        Assert.Equal(0, await Ledger.PoolAsync("acme"));
    }

    [Fact]
    public async Task Should_dead_letter_a_recognition_for_an_unknown_tenant_or_with_a_reused_id_and_change_nothing()
    {
        await Ledger.RegisterTenantAsync("acme");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await AllocateAsync("acme", 1000);
            await Broker.PublishJsonAsync(Exchange, Recognition("ghost-1", "initech", "alice", "bob", 10), Guid.NewGuid());
            await Broker.PublishJsonAsync(Exchange, Recognition("same-1", "acme", "alice", "bob", 10), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Ledger.BalanceAsync("bob") == 10, Timeout, "the first same-1 applied");
            await Broker.PublishJsonAsync(Exchange, Recognition("same-1", "acme", "alice", "bob", 99), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(ErrorQueue) == 2, Timeout, "both dead-lettered");
        }

        var reasons = (await Broker.DrainAsync(ErrorQueue)).Select(m => m.Headers["MT-Fault-Message"] ?? "").ToList();
        Assert.Contains(reasons, r => r.Contains("names tenant 'initech', which is not registered", StringComparison.Ordinal));
        Assert.Contains(reasons, r =>
            r.Contains("Idempotency key 'recognition:same-1' was already applied with different content", StringComparison.Ordinal)
        );
        Assert.Equal(10, await Ledger.BalanceAsync("bob"));
        Assert.Equal(990, await Ledger.PoolAsync("acme"));
    }

    [Fact]
    public async Task Should_answer_a_python_app_that_publishes_recognitions_exactly_as_the_contract_says()
    {
        await Ledger.RegisterTenantAsync("globex");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            // The admin side in Python too: eng/allocate.py mints the pool the app's recognitions draw from.
            await ProducerScript.PythonAsync(
                Servers,
                "allocate.py",
                "--tenant-id",
                "globex",
                "--points",
                "100",
                "--allocation-id",
                "py-pool"
            );
            await Eventually.HoldsAsync(
                async () => await Ledger.PoolAsync("globex") == 100,
                Timeout,
                "the Python admin's allocation applied"
            );

            var granted = JsonDocument
                .Parse(
                    await ProducerScript.PythonAsync(
                        Servers,
                        "recognise.py",
                        "--tenant-id",
                        "globex",
                        "--giver",
                        "alice",
                        "--receiver",
                        "bob",
                        "--points",
                        "60",
                        "--recognition-id",
                        "py-1",
                        "--message",
                        "Great demo"
                    )
                )
                .RootElement;
            var refused = JsonDocument
                .Parse(
                    await ProducerScript.PythonAsync(
                        Servers,
                        "recognise.py",
                        "--tenant-id",
                        "globex",
                        "--giver",
                        "alice",
                        "--receiver",
                        "carol",
                        "--points",
                        "60",
                        "--recognition-id",
                        "py-2"
                    )
                )
                .RootElement;

            Assert.Equal("recognition-granted", granted.GetProperty("outcome").GetString());
            Assert.Equal(40, granted.GetProperty("message").GetProperty("poolBalance").GetInt64());
            Assert.Equal("recognition-rejected", refused.GetProperty("outcome").GetString());
            Assert.Equal("insufficient_allocation", refused.GetProperty("message").GetProperty("reason").GetString());
        }

        Assert.Equal(
            "Great demo",
            await Ledger.TextAsync("SELECT metadata->>'Message' FROM journal_entries WHERE idempotency_key = 'recognition:py-1'")
        );
        Assert.Equal(60, await Ledger.BalanceAsync("bob"));
    }

    private async Task AllocateAsync(string tenant, long points)
    {
        var before = await Ledger.PoolAsync(tenant);
        await Broker.PublishJsonAsync(
            "allocate-to-tenant",
            JsonSerializer.Serialize(
                new
                {
                    allocationId = $"alloc-{Guid.NewGuid():N}",
                    tenantId = tenant,
                    points,
                    referenceNote = "test",
                    requestedBy = "ops",
                    occurredAt = "2026-11-01T00:00:00Z",
                }
            ),
            Guid.NewGuid(),
            userId: BrokerRoles.Admin
        );
        await Eventually.HoldsAsync(
            async () => await Ledger.PoolAsync(tenant) == before + points,
            Timeout,
            $"{points} allocated to {tenant}"
        );
    }
}

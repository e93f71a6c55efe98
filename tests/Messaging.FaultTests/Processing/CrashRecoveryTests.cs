using System.Text.Json;
using Messaging.Processing.Pipeline.Diagnostics;

namespace Messaging.FaultTests.Processing;

/// <summary>
/// The worker executable killed with SIGKILL at the worst moments, then restarted: every order is
/// applied once and announced once. Also two worker processes sharing the queue.
/// </summary>
[Collection(ServersCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class CrashRecoveryTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Should_apply_once_when_killed_after_commit_and_before_ack()
    {
        var events = await Broker.SubscribeAsync("points-earned");
        await using (var doomed = await StartAsync(CrashPoints.AfterCommit))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 40m), Guid.NewGuid());
            Assert.True(await doomed.WaitForExitAsync(Timeout), "the worker should have killed itself after committing");
        }

        // Committed, but neither acknowledged nor announced.
        Assert.Equal(1, await Ledger.EntriesAsync("order:o-1"));
        Assert.Equal(1, await Ledger.OutboxAsync());

        await using (var worker = await StartAsync())
        {
            // Not the queue's ready count alone: it reads 0 while the redelivered order is taken but not yet acknowledged, and
            // the worker is then killed (SIGKILL) before its ack, which puts the order back. The worker's summary counts the
            // duplicate once its transaction has decided it, and the ack follows at once; the summary comes every 10 s.
            await Eventually.HoldsAsync(
                async () =>
                    await Ledger.OutboxAsync() == 0
                    && await Broker.CountAsync(Orders.Queue) == 0
                    && worker.Output.Contains(" 1 duplicate(s) acknowledged without effect", StringComparison.Ordinal),
                Timeout,
                "the redelivered order acknowledged as a duplicate and the outbox delivered"
            );
        }

        Assert.Equal(1, await Ledger.EntriesAsync("order:o-1"));
        Assert.Equal(190, await Ledger.BalanceAsync("u-1"));
        Assert.Single(await Broker.DrainAsync(events));
        Assert.Equal(0u, await Broker.CountAsync(Orders.Queue));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
    }

    [Fact]
    public async Task Should_deliver_exactly_one_points_earned_with_the_outbox_message_id_when_killed_before_outbox_delivery()
    {
        var events = await Broker.SubscribeAsync("points-earned");
        await using (var doomed = await StartAsync(CrashPoints.BeforeOutboxDelivery))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 40m), Guid.NewGuid());
            Assert.True(await doomed.WaitForExitAsync(Timeout), "the worker should have killed itself before delivering the outbox");
        }

        var outboxMessageId = await OutboxMessageIdAsync();
        Assert.Empty(await Broker.DrainAsync(events));

        await using (await StartAsync())
        {
            await Eventually.HoldsAsync(
                async () => await Ledger.OutboxAsync() == 0 && await Broker.CountAsync(Orders.Queue) == 0,
                Timeout,
                "the sweeper to deliver the stranded outbox row"
            );
        }

        var earned = Assert.Single(await Broker.DrainAsync(events));
        Assert.Equal(outboxMessageId.ToString(), earned.MessageId);
        Assert.Equal(1, await Ledger.EntriesAsync("order:o-1"));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    [Fact]
    public async Task Should_apply_every_order_once_when_two_processes_consume_the_same_queue()
    {
        const int orders = 2000;
        var events = await Broker.SubscribeAsync("points-earned");
        await using (await StartAsync())
        await using (await StartAsync())
        {
            // Every order twice, under two message ids, so both processes race on the same business keys.
            await Task.WhenAll(
                Enumerable
                    .Range(0, orders * 2)
                    .Select(i =>
                        Broker.PublishJsonAsync(
                            Orders.Exchange,
                            Orders.Json($"o-{i % orders}", $"u-{i % orders % 37}", 10m + (i % orders % 11)),
                            Guid.NewGuid()
                        )
                    )
            );
            await Eventually.HoldsAsync(
                async () => await Ledger.InboxAsync() == orders * 2 && await Ledger.OutboxAsync() == 0,
                Timeout,
                "every message consumed and every event delivered"
            );
        }

        Assert.Equal(orders, await Ledger.EntriesAsync("order:"));
        Assert.Equal(37, await Ledger.EntriesOfTypeAsync("signup"));
        Assert.Empty(await Ledger.ViolationsAsync());
        var earned = (await Broker.DrainAsync(events))
            .Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("orderId").GetString())
            .ToList();
        Assert.Equal(orders, earned.Count);
        Assert.Equal(orders, earned.Distinct().Count());
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
    }

    private Task<ProcessorProcess> StartAsync(string? crashPoint = null) => ProcessorProcess.StartedAsync(Servers, crashPoint, Timeout);

    private async Task<Guid> OutboxMessageIdAsync()
    {
        await using var command = Servers.DataSource.CreateCommand("SELECT message_id FROM outbox_message");
        return (Guid)(await command.ExecuteScalarAsync())!;
    }
}

using Messaging.Admin;
using Messaging.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Messaging.IntegrationTests.Reliability;

/// <summary>
/// On RabbitMQ 4.x, the version production users run: a message delivered more often than its queue's
/// delivery limit is parked in the queue's _error queue, never dropped; browsing parked messages never
/// moves them toward a limit; a queue declared by an earlier version is reported, and migrated.
/// </summary>
[Collection(RabbitMq4Collection.Name)]
public sealed class DeliveryLimitTests(RabbitMq4Fixture servers, ITestOutputHelper output) : ProcessorTest(servers)
{
    private const int Kills = 25;
    private const int OrderCount = 1500;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>Every test declares its queues afresh: their arguments (legacy, another delivery limit) differ between tests.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var queue in await Servers.Management.QueueNamesAsync(Servers.VirtualHost))
        {
            await Servers.Management.DeleteQueueAsync(Servers.VirtualHost, queue);
        }
    }

    [Fact]
    public async Task Should_apply_every_confirmed_order_exactly_once_after_a_crash_loop_and_a_replay_of_what_was_parked()
    {
        await StartOnceAsync();
        await CrashLoop.PublishOrdersAsync(Broker, "o", OrderCount);

        await CrashLoop.RunAsync(Servers, Kills);
        var (applied, parked) = await SettleAsync(OrderCount);
        output.WriteLine($"RabbitMQ 4: {OrderCount} orders, {Kills} kills: {applied} applied, {parked} parked, {OrderCount - applied - parked} lost");

        Assert.Equal(OrderCount, applied + parked);
        Assert.True(parked > 0, "the crash loop should have taken messages past the delivery limit of 20");
        await ReplayAndSettleAsync(OrderCount);
    }

    [Fact]
    public async Task Should_drop_orders_in_a_crash_loop_on_a_queue_declared_without_dead_lettering_and_lose_none_once_migrated()
    {
        // The queue as the processor declared it before dead-lettering: quorum and nothing else.
        await Servers.Management.DeclareLegacyQueueAsync(Servers.VirtualHost, Orders.Queue);
        await using (var worker = await ProcessorProcess.StartedAsync(Servers, null, Timeout))
        {
            Assert.Contains($"Queue {Orders.Queue} was declared without dead-lettering", worker.Output, StringComparison.Ordinal);
        }

        var (auditCode, auditOutput, _) = await AdminAsync("audit");
        Assert.Equal(ExitCodes.Discrepancies, auditCode);
        Assert.Contains($"DISCREPANCY [queue-dead-lettering] {Orders.Queue}:", auditOutput, StringComparison.Ordinal);

        await CrashLoop.PublishOrdersAsync(Broker, "before", OrderCount);
        await CrashLoop.RunAsync(Servers, Kills);
        var (appliedBefore, parkedBefore) = await SettleWithoutTargetAsync();
        var lostBefore = OrderCount - appliedBefore - parkedBefore;
        output.WriteLine($"RabbitMQ 4, legacy queue: {OrderCount} orders, {Kills} kills: {appliedBefore} applied, {parkedBefore} parked, {lostBefore} lost");
        Assert.True(lostBefore > 0, "on RabbitMQ 4.x the default delivery limit drops messages from a queue without dead-lettering");

        var (migrateCode, migrateOutput, migrateError) = await AdminAsync("queues", "migrate");
        Assert.True(migrateCode == ExitCodes.Ok, migrateOutput + migrateError);
        Assert.Contains($"migrated {Orders.Queue}", migrateOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, (await AdminAsync("queues", "check")).Code);

        await using (var worker = await ProcessorProcess.StartedAsync(Servers, null, Timeout))
        {
            Assert.DoesNotContain("declared without dead-lettering", worker.Output, StringComparison.Ordinal);
        }

        await CrashLoop.PublishOrdersAsync(Broker, "after", OrderCount);
        await CrashLoop.RunAsync(Servers, Kills);
        var (appliedAfter, parkedAfter) = await SettleAsync(OrderCount, "order:after-");
        output.WriteLine($"RabbitMQ 4, migrated queue: {OrderCount} orders, {Kills} kills: {appliedAfter} applied, {parkedAfter} parked, {OrderCount - appliedAfter - parkedAfter} lost");
        Assert.Equal(OrderCount, appliedAfter + parkedAfter);
        await ReplayAndSettleAsync(OrderCount, "order:after-");
    }

    [Fact]
    public async Task Should_keep_every_parked_message_replayable_when_the_dead_letter_queue_is_browsed_25_times()
    {
        const int refused = 5;
        await using (await ProcessorProcess.StartedAsync(Servers, null, Timeout))
        {
            Assert.Equal(ExitCodes.Ok, (await AdminAsync("queues", "check")).Code);
            for (var i = 0; i < refused; i++)
            {
                await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json($"cad-{i}", "u-1", 20m, "CAD"), Guid.NewGuid());
            }

            await Eventually.HoldsAsync(async () => await Broker.CountAsync(Orders.ErrorQueue) == refused, Timeout, "the CAD orders to be dead-lettered");
        }

        for (var read = 0; read < 25; read++)
        {
            Assert.Equal(ExitCodes.Ok, (await AdminAsync("dlq", "list")).Code);
            Assert.Equal(ExitCodes.Ok, (await AdminAsync("dlq", "show")).Code);
        }

        Assert.Equal((uint)refused, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Equal(ExitCodes.Ok, (await AdminAsync("queues", "check")).Code);

        // The cause fixed (CAD now earns points), every parked order is replayed and applied once.
        var cad = new Dictionary<string, string?> { ["Earning:PointsPerUnit:CAD"] = "1" };
        await using (ProcessorProcess.Start(Servers, cad))
        {
            var (code, replayOutput, replayError) = await AdminAsync("dlq", "replay", "--yes");
            Assert.True(code == ExitCodes.Ok, replayOutput + replayError);
            await Eventually.HoldsAsync(async () => await Ledger.EntriesAsync("order:cad-") == refused, Timeout, "the replayed orders to be applied");
        }

        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    [Fact]
    public async Task Should_park_a_message_that_kills_the_processor_every_time_and_apply_every_other()
    {
        // One message in flight at a time: the poison's neighbours are not delivered with it, so only it
        // reaches the limit. (With a large prefetch, messages in flight with it share its redeliveries and
        // may be parked beside it: parked, not lost, and replayable.)
        var settings = new Dictionary<string, string?>
        {
            ["FaultInjection:PoisonOrderId"] = "poison",
            ["Endpoints:DeliveryLimit"] = "3",
            ["Endpoints:PrefetchCount"] = "1",
        };
        await StartOnceAsync(settings);
        await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("poison", "u-1", 10m), Guid.NewGuid());
        for (var i = 0; i < 10; i++)
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json($"good-{i}", "u-2", 10m), Guid.NewGuid());
        }

        var starts = 0;
        while (await Ledger.EntriesAsync("order:good-") < 10)
        {
            Assert.True(++starts <= 10, "the poison message should have been parked after 3 redeliveries");
            await using var worker = ProcessorProcess.Start(Servers, settings);
            await Eventually.HoldsAsync(async () => worker.HasExited || await Ledger.EntriesAsync("order:good-") == 10, Timeout,
                "the worker to die on the poison message or apply every other order");
        }

        output.WriteLine($"poison message parked after {starts} start(s)");
        Assert.Equal(0, await Ledger.EntriesAsync("order:poison"));
        Assert.Equal(1u, await Broker.CountAsync(Orders.ErrorQueue));
        var (_, shown, _) = await AdminAsync("dlq", "show");
        Assert.Contains("delivery_limit", shown, StringComparison.Ordinal);
        Assert.Contains(Orders.Queue, shown, StringComparison.Ordinal);
    }

    /// <summary>Declares the processor's queues (so published orders are routed), then stops it.</summary>
    private async Task StartOnceAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        await using var worker = ProcessorProcess.Start(Servers, settings);
        await Eventually.HoldsAsync(() => Task.FromResult(worker.Output.Contains("Processor started", StringComparison.Ordinal) || worker.HasExited), Timeout,
            "the worker to start");
        Assert.False(worker.HasExited, $"the worker exited at start-up:\n{worker.Output}");
    }

    /// <summary>Starts the worker normally until every order is applied or parked; returns both counts.</summary>
    private async Task<(long Applied, long Parked)> SettleAsync(int expected, string keyPrefix = "order:")
    {
        await using (await ProcessorProcess.StartedAsync(Servers, null, Timeout))
        {
            await Eventually.HoldsAsync(async () => await Ledger.EntriesAsync(keyPrefix) + await Broker.CountAsync(Orders.ErrorQueue) == expected, Timeout,
                "every order applied or parked");
        }

        return (await Ledger.EntriesAsync(keyPrefix), await Broker.CountAsync(Orders.ErrorQueue));
    }

    /// <summary>
    /// As <see cref="SettleAsync"/> where messages may have been dropped, so no count is ever reached: waits
    /// until the queue is empty and the ledger stops moving.
    /// </summary>
    private async Task<(long Applied, long Parked)> SettleWithoutTargetAsync()
    {
        await using (await ProcessorProcess.StartedAsync(Servers, null, Timeout))
        {
            // No count to wait for (dropped messages never arrive): the queue empty and the ledger unchanged for 3 s.
            long last = -1;
            var since = DateTime.UtcNow;
            await Eventually.HoldsAsync(async () =>
            {
                var now = await Ledger.EntriesAsync("order:");
                if (now != last || await Broker.CountAsync(Orders.Queue) > 0)
                {
                    (last, since) = (now, DateTime.UtcNow);
                }

                return DateTime.UtcNow - since > TimeSpan.FromSeconds(3);
            }, Timeout, "the queue to drain and the ledger to stop moving");
        }

        return (await Ledger.EntriesAsync("order:"), await Broker.CountAsync(Orders.ErrorQueue));
    }

    private async Task ReplayAndSettleAsync(int expected, string keyPrefix = "order:")
    {
        await using (await ProcessorProcess.StartedAsync(Servers, null, Timeout))
        {
            var (code, replayOutput, replayError) = await AdminAsync("dlq", "replay", "--yes");
            Assert.True(code == ExitCodes.Ok, replayOutput + replayError);
            await Eventually.HoldsAsync(async () => await Ledger.EntriesAsync(keyPrefix) == expected && await Ledger.OutboxAsync() == 0, Timeout,
                "every replayed order applied");
        }

        Assert.Equal(expected, await Ledger.EntriesAsync(keyPrefix));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    private async Task<(int Code, string Output, string Error)> AdminAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await AdminApp.RunAsync([.. args, .. Servers.Rabbit.AdminArguments(Servers.VirtualHost), "--connection", Servers.ConnectionString], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}

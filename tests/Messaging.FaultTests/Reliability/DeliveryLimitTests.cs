using Messaging.Admin;
using Messaging.Operations.Queues;
using Xunit.Abstractions;

namespace Messaging.FaultTests.Reliability;

/// <summary>
/// On RabbitMQ 4.x, the version production users run: a message delivered more often than its queue's
/// delivery limit is parked in the queue's _error queue, never dropped; browsing parked messages never
/// moves them toward a limit; a queue declared by an earlier version is reported, and migrated.
/// </summary>
[Collection(RabbitMq4Collection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class DeliveryLimitTests(RabbitMq4Fixture servers, ITestOutputHelper output) : CrashLoopTests(servers, output)
{
    protected override string BrokerName => "RabbitMQ 4";

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
        Output.WriteLine(
            $"RabbitMQ 4, legacy queue: {OrderCount} orders, {Kills} kills: {appliedBefore} applied, "
                + $"{parkedBefore} parked, {lostBefore} lost"
        );
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
        Output.WriteLine(
            $"RabbitMQ 4, migrated queue: {OrderCount} orders, {Kills} kills: {appliedAfter} applied, "
                + $"{parkedAfter} parked, {OrderCount - appliedAfter - parkedAfter} lost"
        );
        Assert.Equal(OrderCount, appliedAfter + parkedAfter);
        await ReplayAndSettleAsync(OrderCount, "order:after-");
    }

    [Fact]
    public async Task Should_refuse_to_migrate_a_consumed_queue_and_resume_a_migration_left_half_done()
    {
        await Servers.Management.DeclareLegacyQueueAsync(Servers.VirtualHost, Orders.Queue);
        await using (await ProcessorProcess.StartedAsync(Servers, null, Timeout))
        {
            var (busyCode, _, busyError) = await AdminAsync("queues", "migrate");
            Assert.Equal(ExitCodes.Refused, busyCode);
            Assert.Contains($"{Orders.Queue} (1 consumer(s)): still consumed", busyError, StringComparison.Ordinal);
        }

        // As an interrupted migration leaves it: messages in the old queue and in its holding queue.
        var holding = Orders.Queue + ".migrating";
        await Servers.Management.DeclareQueueAsync(Servers.VirtualHost, holding, QueueArguments.ForParked());
        for (var i = 0; i < 2; i++)
        {
            await Servers.Management.PublishToQueueAsync(Servers.VirtualHost, Orders.Queue, $"old-{i}");
        }

        for (var i = 0; i < 3; i++)
        {
            await Servers.Management.PublishToQueueAsync(Servers.VirtualHost, holding, $"held-{i}");
        }

        var (code, output, error) = await AdminAsync("queues", "migrate");

        Assert.True(code == ExitCodes.Ok, output + error);
        Assert.Equal(5u, await Broker.CountAsync(Orders.Queue));
        Assert.Null(await Servers.Management.QueueArgumentsAsync(Servers.VirtualHost, holding));
        var arguments = (await Servers.Management.QueueArgumentsAsync(Servers.VirtualHost, Orders.Queue))!.Value;
        Assert.Equal($"{Orders.Queue}_error", arguments.GetProperty("x-dead-letter-exchange").GetString());
        Assert.Equal(ExitCodes.Ok, (await AdminAsync("queues", "check")).Code);
    }

    [Fact]
    public async Task Should_refuse_to_start_naming_the_setting_when_a_queue_was_declared_with_another_delivery_limit()
    {
        await StartOnceAsync();
        await using var worker = ProcessorProcess.Start(Servers, new Dictionary<string, string?> { ["Endpoints:DeliveryLimit"] = "5" });

        Assert.True(await worker.WaitForExitAsync(Timeout), $"the worker should have stopped:\n{worker.Output}");
        Assert.Equal(2, worker.ExitCode);
        Assert.Contains("Endpoints:DeliveryLimit", worker.Output, StringComparison.Ordinal);
        Assert.Contains("queues migrate --delivery-limit 5", worker.Output, StringComparison.Ordinal);
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

            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == refused,
                Timeout,
                "the CAD orders to be dead-lettered"
            );
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
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:cad-") == refused,
                Timeout,
                "the replayed orders to be applied"
            );
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
            await Eventually.HoldsAsync(
                async () => worker.HasExited || await Ledger.EntriesAsync("order:good-") == 10,
                Timeout,
                "the worker to die on the poison message or apply every other order"
            );
        }

        Output.WriteLine($"poison message parked after {starts} start(s)");
        Assert.Equal(0, await Ledger.EntriesAsync("order:poison"));
        Assert.Equal(1u, await Broker.CountAsync(Orders.ErrorQueue));
        var (_, shown, _) = await AdminAsync("dlq", "show");
        Assert.Contains("delivery_limit", shown, StringComparison.Ordinal);
        Assert.Contains(Orders.Queue, shown, StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using Xunit.Abstractions;

namespace Messaging.FaultTests.Reliability;

/// <summary>
/// A three-node RabbitMQ 4.0 cluster with quorum queues loses the node the processor is connected to while orders flow,
/// then gets it back. Every confirmed order is applied exactly once, the processor moves to a surviving node by itself,
/// and the queue has all three members again afterwards. This is how the ledger scales past one machine: more workers
/// on a clustered broker.
/// </summary>
[Collection(RabbitMqClusterCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class ClusterNodeLossTests(RabbitMqClusterFixture cluster, ITestOutputHelper output) : ProcessorTest(cluster)
{
    [Fact]
    public async Task Should_apply_every_confirmed_order_once_when_the_processors_node_stops_under_load_and_comes_back()
    {
        var orders = FaultScale.Orders(ciDefault: 3000);
        var part = orders / 3;
        var clock = Stopwatch.StartNew();
        TimeSpan recovery;
        IReadOnlyList<string> nodesAfterStop;
        int republished,
            watchdogRestarts;
        // The worker as its own process, started again if its watchdog ends it (as a service manager would).
        var settings = cluster.ProcessorOverrides();
        settings["Endpoints:ReconnectDeadline"] = "00:00:45";
        await using (var processor = SupervisedProcessor.Start(Servers, settings))
        {
            await Eventually.HoldsAsync(
                async () => await Servers.Management.ConsumersAsync(Servers.VirtualHost, Orders.Queue) > 0,
                TimeSpan.FromSeconds(60),
                "the worker consuming"
            );
            Assert.Equal(3, await Servers.Management.OnlineMembersAsync(Servers.VirtualHost, Orders.Queue));
            // The management API lists connections a few seconds late.
            await Eventually.HoldsAsync(
                async () => (await ProcessorNodesAsync()).Contains(RabbitMqClusterFixture.NodeName(1)),
                TimeSpan.FromSeconds(30),
                "the processor connected to node 1, the first it is given"
            );

            // The producer publishes through node 3, which stays up, so what it confirms is what the processor must apply.
            await using var producer = new ConfirmingProducer(Servers.Rabbit, Servers.VirtualHost);
            var publishing = PacedOrders.Start(producer, "n-", orders, limit: part + (part / 2));

            // A third of the orders confirmed and more on the way: stop the node the processor is connected to.
            await publishing.ConfirmedAsync(part, TimeSpan.FromSeconds(120));
            await cluster.StopNodeAsync(1);
            var stopped = Stopwatch.StartNew();
            var atStop = await Ledger.EntriesAsync("order:n-");
            publishing.AllowUpTo((2 * part) + (part / 2));
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:n-") > atStop,
                TimeSpan.FromSeconds(300),
                "the processor's first commit after node 1 stopped"
            );
            recovery = stopped.Elapsed;
            nodesAfterStop = [];
            await Eventually.HoldsAsync(
                async () => (nodesAfterStop = await ProcessorNodesAsync()).Count > 0,
                TimeSpan.FromSeconds(30),
                "the processor's connections listed again"
            );

            // Two thirds confirmed: node 1 comes back, and the last third is published.
            await publishing.ConfirmedAsync(2 * part, TimeSpan.FromSeconds(300));
            Assert.False(publishing.Completion.IsCompleted, "every order was published before node 1 came back: raise LEDGER_FAULT_ORDERS");
            await cluster.StartNodeAsync(1);
            publishing.AllowUpTo(orders);

            await publishing.Completion;
            republished = producer.Republished;
            watchdogRestarts = processor.WatchdogRestarts;
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:n-") == orders && await Ledger.OutboxAsync() == 0,
                TimeSpan.FromSeconds(300),
                "every confirmed order applied"
            );
        }

        Assert.NotEmpty(nodesAfterStop);
        Assert.DoesNotContain(RabbitMqClusterFixture.NodeName(1), nodesAfterStop);
        Assert.Equal(orders, await Ledger.EntriesAsync("order:n-"));
        Assert.Equal(orders, await Ledger.ScalarAsync("SELECT count(*) FROM inbox_state"));
        Assert.Equal(orders * 25L + (50 * 150), await Ledger.ScalarAsync("SELECT sum(current_points) FROM user_points"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM ledger_refusals"));
        Assert.Empty(await Ledger.ViolationsAsync());
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Equal(0u, await Broker.CountAsync(Orders.Queue));
        // Node 1 rejoined the queue's members.
        await Eventually.HoldsAsync(
            async () => await Servers.Management.OnlineMembersAsync(Servers.VirtualHost, Orders.Queue) == 3,
            TimeSpan.FromSeconds(60),
            "the order queue's three members online again"
        );

        output.WriteLine(
            $"RabbitMQ {cluster.Version} three-node cluster: {orders} confirmed orders, node 1 (the processor's) stopped and restarted, "
                + $"{republished} re-published by the producer, {watchdogRestarts} watchdog restart(s), first "
                + $"commit {recovery.TotalSeconds:F1} s after the stop on "
                + $"{string.Join(", ", nodesAfterStop.Distinct())}; "
                + $"0 lost, 0 applied twice, 0 dead-lettered; {clock.Elapsed.TotalSeconds:F0} s in all"
        );
    }

    /// <summary>The nodes the processor's connections are on (every connection but the test's own clients, named test-*).</summary>
    private async Task<IReadOnlyList<string>> ProcessorNodesAsync() =>
        [
            .. (await Servers.Management.ConnectionsAsync())
                .Where(c => !c.Client.StartsWith("test-", StringComparison.Ordinal))
                .Select(c => c.Node),
        ];
}

using System.Diagnostics;
using Xunit.Abstractions;

namespace Messaging.FaultTests.Reliability;

/// <summary>
/// Acknowledgements lost on the network: the processor reaches RabbitMQ through a proxy that cuts its connections
/// again and again while it consumes, so messages whose ledger work has committed lose their ack and come back.
/// Run on each broker version by the classes below.
/// </summary>
public abstract class AckLossTests(ServersFixture servers, ITestOutputHelper output) : ProcessorTest(servers)
{
    protected abstract string BrokerName { get; }

    // Enough that the processor is still applying orders when the later cuts land: each window between cuts applies as
    // many as it can in one progress poll, and a faster commit path (the balance trigger's key lookups) applied 4,000 in
    // two windows on RabbitMQ 3.10.
    private const int OrderCount = 12000;
    private const int CutCount = 6;

    [Fact]
    public async Task Should_apply_every_order_once_when_the_connection_is_cut_between_commit_and_ack_again_and_again()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            // Declares the queue, so the orders published next wait in it.
        }

        for (var i = 0; i < OrderCount; i++)
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json($"cut-{i}", $"u-{i % 50}", 10m), Guid.NewGuid());
        }

        await using var cutter = TcpCutter.Start(Servers.Rabbit.Host, Servers.Rabbit.AmqpPort);
        var port = cutter.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        var cuts = 0;
        await using (await InProcessProcessor.StartAsync(Servers, new Dictionary<string, string?> { ["RabbitMq:Port"] = port }))
        {
            // Cut only while orders are being applied, each time after the processor has reconnected and made progress,
            // so every cut lands on deliveries in flight.
            var applied = 0L;
            while (cuts < CutCount && applied < OrderCount)
            {
                var before = applied;
                // MassTransit's receive transport waits longer after each cut (its retry policy never resets: 3 s up to
                // 30 s, docs/reliability.md), and this in-process processor has no watchdog to start afresh: allow for it.
                await Eventually.HoldsAsync(
                    async () => (applied = await Ledger.EntriesAsync("order:cut-")) > before + 100 || applied == OrderCount,
                    TimeSpan.FromSeconds(150),
                    $"progress after cut {cuts}"
                );
                if (applied < OrderCount && cutter.CutAll() > 0)
                {
                    cuts++;
                }
            }

            await Eventually.HoldsAsync(
                async () =>
                    await Ledger.EntriesAsync("order:cut-") == OrderCount
                    && await Broker.CountAsync(Orders.Queue) == 0
                    && await Ledger.OutboxAsync() == 0,
                TimeSpan.FromSeconds(120),
                "every order applied and every event published"
            );
        }

        Assert.True(cuts >= 3, $"only {cuts} cuts landed while orders were being applied; the test proves nothing with fewer");
        Assert.Equal(OrderCount, await Ledger.EntriesAsync("order:cut-"));
        Assert.Equal(OrderCount, await Ledger.ScalarAsync("SELECT count(*) FROM inbox_state"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM ledger_refusals"));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Empty(await Ledger.ViolationsAsync());

        // The broker redelivered what lost its ack; its statistics lag by a few seconds.
        var redelivered = 0L;
        await Eventually.HoldsAsync(
            async () => (redelivered = await Servers.Management.RedeliveredAsync(Servers.VirtualHost, Orders.Queue)) > 0,
            TimeSpan.FromSeconds(15),
            "the broker's count of redeliveries"
        );
        output.WriteLine(
            $"{BrokerName} ack loss: {OrderCount} orders, {cuts} cuts, {redelivered} redeliveries, "
                + $"{clock.Elapsed.TotalSeconds:F1} s; 0 lost, 0 applied twice"
        );
    }
}

/// <summary>Ack loss on the machine's RabbitMQ 3.10.</summary>
[Collection(ServersCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class AckLossOnRabbitMq3Tests(ServersFixture servers, ITestOutputHelper output) : AckLossTests(servers, output)
{
    protected override string BrokerName => "RabbitMQ 3.10 (local)";
}

/// <summary>Ack loss on RabbitMQ 4.0 in a container.</summary>
[Collection(RabbitMq4Collection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class AckLossOnRabbitMq4Tests(RabbitMq4Fixture servers, ITestOutputHelper output) : AckLossTests(servers, output)
{
    protected override string BrokerName => $"RabbitMQ {servers.Version}";
}

using System.Diagnostics;
using Xunit.Abstractions;

namespace Messaging.FaultTests.Reliability;

/// <summary>
/// The broker restarted five times while orders flow: a producer that publishes with confirms and publishes again what
/// a restart left unconfirmed, and the processor, which must reconnect by itself. Every confirmed order is applied
/// exactly once, and nothing is dead-lettered. Run on each broker version by the classes below.
/// </summary>
public abstract class BrokerRestartTests(RabbitMqContainerFixture servers, ITestOutputHelper output) : ProcessorTest(servers)
{
    private const int Restarts = 5;

    /// <summary>
    /// A shorter wait than production's 90 s before the worker gives up on a stalled connection, to keep runs short; but
    /// above MassTransit's longest wait between reconnection attempts (30 s), or an idle endpoint still backing off
    /// from the previous restart would count as stalled.
    /// </summary>
    private static readonly Dictionary<string, string?> WatchdogSettings = new() { ["Endpoints:ReconnectDeadline"] = "00:00:45" };

    private RabbitMqContainerFixture Container { get; } = servers;

    [Fact]
    public async Task Should_apply_every_confirmed_order_once_and_recover_by_itself_when_the_broker_restarts_five_times_under_load()
    {
        var orders = FaultScale.Orders(ciDefault: 4000);
        var recoveries = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        int republished,
            watchdogRestarts;
        // The worker as its own process, started again if its watchdog ends it (as a service manager would).
        await using (var processor = SupervisedProcessor.Start(Servers, WatchdogSettings))
        {
            await using var producer = new ConfirmingProducer(Servers.Rabbit, Servers.VirtualHost);
            // The orders go out in six parts with a restart between each two; the producer may run half a part ahead of the
            // restart it waits for, so each restart lands while orders are being published and applied.
            var part = orders / (Restarts + 1);
            var publishing = PacedOrders.Start(producer, "b-", orders, limit: part + (part / 2));

            while (recoveries.Count < Restarts)
            {
                var threshold = part * (recoveries.Count + 1);
                await publishing.ConfirmedAsync(threshold, TimeSpan.FromSeconds(120));
                Assert.False(
                    publishing.Completion.IsCompleted,
                    $"the orders were all published before restart {recoveries.Count + 1}: raise LEDGER_FAULT_ORDERS"
                );

                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} restart {recoveries.Count + 1}");
                await Container.RestartBrokerAsync();
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} broker answering again");
                var recovery = Stopwatch.StartNew();
                // Half a part past the next restart's threshold (after the last restart, that is every order).
                publishing.AllowUpTo(threshold + part + (part / 2));
                var atRestart = await Ledger.EntriesAsync("order:b-");
                // Acknowledgements left on the killed connection wait until the client gives that connection up: about four
                // missed heartbeats, 40 s at RabbitMQ:Heartbeat's 10 s (four minutes at the client's old default of 60 s, seen
                // here before; docs/reliability.md). Three minutes leaves room for that and fails on the old four-minute hang.
                try
                {
                    await Eventually.HoldsAsync(
                        async () => await Ledger.EntriesAsync("order:b-") > atRestart,
                        TimeSpan.FromSeconds(180),
                        $"the processor's first commit after restart {recoveries.Count + 1}"
                    );
                }
                catch (Xunit.Sdk.XunitException ex)
                {
                    // Say what the worker did: stalled, restarted by its watchdog, or exited otherwise.
                    Assert.Fail(
                        $"{ex.Message}; "
                            + $"{await Servers.Management.DescribeQueueAsync(Servers.VirtualHost, Orders.Queue)}; "
                            + $"{processor.Describe()}"
                    );
                }

                recoveries.Add(recovery.Elapsed);
            }

            await publishing.Completion;
            republished = producer.Republished;
            watchdogRestarts = processor.WatchdogRestarts;
            try
            {
                await Eventually.HoldsAsync(
                    async () => await Ledger.EntriesAsync("order:b-") == orders && await Ledger.OutboxAsync() == 0,
                    TimeSpan.FromSeconds(180),
                    "every confirmed order applied after the restarts"
                );
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                // Say what the broker saw: orders waiting with no consumer, or held unacknowledged by one that stalled.
                Assert.Fail(
                    $"{ex.Message}; {await Ledger.EntriesAsync("order:b-")} of {orders} applied; "
                        + $"{await Servers.Management.DescribeQueueAsync(Servers.VirtualHost, Orders.Queue)}"
                );
            }
        }

        Assert.Equal(orders, await Ledger.EntriesAsync("order:b-"));
        Assert.Equal(orders, await Ledger.ScalarAsync("SELECT count(*) FROM inbox_state"));
        // 25 points an order, and each of the 50 users' sign-up and first-order bonuses once.
        Assert.Equal(orders * 25L + (50 * 150), await Ledger.ScalarAsync("SELECT sum(current_points) FROM user_points"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM ledger_refusals"));
        Assert.Empty(await Ledger.ViolationsAsync());
        await using (var broker = await Broker.ConnectAsync(Servers.Rabbit, Servers.VirtualHost))
        {
            Assert.Equal(0u, await broker.CountAsync(Orders.ErrorQueue));
            Assert.Equal(0u, await broker.CountAsync(Orders.Queue));
        }

        output.WriteLine(
            $"RabbitMQ {Container.Version} restarts: {orders} confirmed orders, {Restarts} restarts, "
                + $"{republished} re-published by the producer, {watchdogRestarts} watchdog restart(s) of the "
                + "processor, "
                + "first commit after each: "
                + string.Join(", ", recoveries.Select(r => $"{r.TotalSeconds:F1} s"))
                + $"; 0 lost, 0 applied twice, 0 dead-lettered; {clock.Elapsed.TotalSeconds:F0} s in all"
        );
    }

    [Fact]
    public async Task Should_exit_for_a_fresh_start_when_its_endpoints_stay_disconnected_past_the_reconnect_deadline()
    {
        await using var worker = await ProcessorProcess.StartedAsync(
            Servers,
            crashPoint: null,
            TimeSpan.FromSeconds(60),
            new Dictionary<string, string?> { ["Endpoints:ReconnectDeadline"] = "00:00:05" }
        );
        // The watchdog arms once the endpoints have consumed (start-up has its own limits), and looks every 2 s.
        await Eventually.HoldsAsync(
            async () => await Servers.Management.ConsumersAsync(Servers.VirtualHost, Orders.Queue) > 0,
            TimeSpan.FromSeconds(30),
            "the worker consuming"
        );
        await Task.Delay(TimeSpan.FromSeconds(3));
        var clock = Stopwatch.StartNew();
        await Container.StopBrokerOnlyAsync();
        try
        {
            Assert.True(
                await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)),
                $"the worker still runs a minute after the broker stopped:\n{worker.Output}"
            );
            Assert.Equal(75, worker.ExitCode);
            Assert.Contains("have not all been connected for 5 s", worker.Output, StringComparison.Ordinal);
            output.WriteLine($"watchdog: the worker exited with 75 {clock.Elapsed.TotalSeconds:F1} s after the broker stopped");
        }
        finally
        {
            await Container.StartBrokerAgainAsync();
        }
    }
}

/// <summary>Broker restarts on RabbitMQ 4.0, the version production users run.</summary>
[Collection(RabbitMq4Collection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class BrokerRestartOnRabbitMq4Tests(RabbitMq4Fixture servers, ITestOutputHelper output) : BrokerRestartTests(servers, output);

/// <summary>Broker restarts on RabbitMQ 3.10.</summary>
[Collection(RabbitMq3Collection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class BrokerRestartOnRabbitMq3Tests(RabbitMq3Fixture servers, ITestOutputHelper output) : BrokerRestartTests(servers, output);

using Messaging.Admin;
using Xunit.Abstractions;

namespace Messaging.FaultTests.Reliability;

/// <summary>
/// The crash loop on a broker: a full prefetch in flight, the worker SIGKILLed 25 times, then started normally.
/// Every confirmed order ends applied exactly once, or parked in its _error queue and applied exactly once when
/// replayed: none lost, none applied twice. Run against each broker version the product supports.
/// </summary>
public abstract class CrashLoopTests(ServersFixture servers, ITestOutputHelper output) : ProcessorTest(servers)
{
    protected const int Kills = 25;
    protected const int OrderCount = 1500;
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    protected ITestOutputHelper Output { get; } = output;

    protected abstract string BrokerName { get; }

    [Fact]
    public async Task Should_apply_every_confirmed_order_exactly_once_after_a_crash_loop_and_a_replay_of_what_was_parked()
    {
        await StartOnceAsync();
        await CrashLoop.PublishOrdersAsync(Broker, "o", OrderCount);

        await CrashLoop.RunAsync(Servers, Kills);
        var (applied, parked) = await SettleAsync(OrderCount);
        Output.WriteLine(
            $"{BrokerName}: {OrderCount} orders, {Kills} kills: {applied} applied, {parked} parked, {OrderCount - applied - parked} lost"
        );

        Assert.Equal(OrderCount, applied + parked);
        Assert.True(parked > 0, "the crash loop should have taken messages past the delivery limit of 20");
        await ReplayAndSettleAsync(OrderCount);
    }

    /// <summary>Declares the processor's queues (so published orders are routed), then stops it.</summary>
    protected async Task StartOnceAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        await using var worker = ProcessorProcess.Start(Servers, settings);
        await Eventually.HoldsAsync(
            () => Task.FromResult(worker.Output.Contains("Processor started", StringComparison.Ordinal) || worker.HasExited),
            Timeout,
            "the worker to start"
        );
        Assert.False(worker.HasExited, $"the worker exited at start-up:\n{worker.Output}");
    }

    /// <summary>Starts the worker normally until every order is applied or parked; returns both counts.</summary>
    protected async Task<(long Applied, long Parked)> SettleAsync(int expected, string keyPrefix = "order:")
    {
        await using (await ProcessorProcess.StartedAsync(Servers, null, Timeout))
        {
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync(keyPrefix) + await Broker.CountAsync(Orders.ErrorQueue) == expected,
                Timeout,
                "every order applied or parked"
            );
        }

        return (await Ledger.EntriesAsync(keyPrefix), await Broker.CountAsync(Orders.ErrorQueue));
    }

    /// <summary>
    /// As <see cref="SettleAsync"/> where messages may have been dropped, so no count is ever reached: waits
    /// until the queue is empty and the ledger stops moving.
    /// </summary>
    protected async Task<(long Applied, long Parked)> SettleWithoutTargetAsync()
    {
        await using (await ProcessorProcess.StartedAsync(Servers, null, Timeout))
        {
            // No count to wait for (dropped messages never arrive): the queue empty and the ledger unchanged for 3 s.
            long last = -1;
            var since = DateTime.UtcNow;
            await Eventually.HoldsAsync(
                async () =>
                {
                    var now = await Ledger.EntriesAsync("order:");
                    if (now != last || await Broker.CountAsync(Orders.Queue) > 0)
                    {
                        (last, since) = (now, DateTime.UtcNow);
                    }

                    return DateTime.UtcNow - since > TimeSpan.FromSeconds(3);
                },
                Timeout,
                "the queue to drain and the ledger to stop moving"
            );
        }

        return (await Ledger.EntriesAsync("order:"), await Broker.CountAsync(Orders.ErrorQueue));
    }

    protected async Task ReplayAndSettleAsync(int expected, string keyPrefix = "order:")
    {
        await using (await ProcessorProcess.StartedAsync(Servers, null, Timeout))
        {
            var (code, replayOutput, replayError) = await AdminAsync("dlq", "replay", "--yes");
            Assert.True(code == ExitCodes.Ok, replayOutput + replayError);
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync(keyPrefix) == expected && await Ledger.OutboxAsync() == 0,
                Timeout,
                "every replayed order applied"
            );
        }

        Assert.Equal(expected, await Ledger.EntriesAsync(keyPrefix));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    protected async Task<(int Code, string Output, string Error)> AdminAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await AdminApp.RunAsync(
            [.. args, .. Servers.Rabbit.AdminArguments(Servers.VirtualHost), "--connection", Servers.ConnectionString],
            stdout,
            stderr
        );
        return (code, stdout.ToString(), stderr.ToString());
    }
}

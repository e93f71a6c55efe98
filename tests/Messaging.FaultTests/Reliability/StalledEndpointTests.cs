using System.Diagnostics;
using Npgsql;
using Xunit.Abstractions;

namespace Messaging.FaultTests.Reliability;

/// <summary>
/// The watchdog's second look: a bus that reports healthy while messages wait and this process finishes none. Here the
/// processor is made to stall for real (every commit waits on a lock of the journal), so every delivery it holds stays
/// in flight and the rest wait in the queue: it must exit with 75 for a fresh start, and lose nothing.
/// </summary>
[Collection(ServersCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class StalledEndpointTests(ServersFixture servers, ITestOutputHelper output) : ProcessorTest(servers)
{
    [Fact]
    public async Task Should_exit_for_a_fresh_start_when_messages_wait_and_none_is_finished_past_the_deadline()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Endpoints:ReconnectDeadline"] = "00:00:10",
            ["Endpoints:PrefetchCount"] = "50",
            ["Endpoints:ConcurrentMessageLimit"] = "50",
        };
        await using var worker = await ProcessorProcess.StartedAsync(Servers, crashPoint: null, TimeSpan.FromSeconds(60), settings);
        await using var locker = new NpgsqlConnection(Servers.ConnectionString);
        await locker.OpenAsync();
        await using (var transaction = await locker.BeginTransactionAsync())
        {
            await using (var lockJournal = new NpgsqlCommand("LOCK TABLE journal_entries IN EXCLUSIVE MODE", locker, transaction))
            {
                await lockJournal.ExecuteNonQueryAsync();
            }

            await CrashLoop.PublishOrdersAsync(Broker, "stall", 200);
            var clock = Stopwatch.StartNew();
            Assert.True(
                await worker.WaitForExitAsync(TimeSpan.FromSeconds(90)),
                $"the worker still runs 90 s into the stall:\n{worker.Output}"
            );
            Assert.Equal(75, worker.ExitCode);
            Assert.Contains("Messages are ready on ledger-order-completed", worker.Output, StringComparison.Ordinal);
            output.WriteLine(
                $"watchdog: the stalled worker exited with 75 after {clock.Elapsed.TotalSeconds:F1} s (deadline 10 s, checks every 10 s)"
            );
            await transaction.RollbackAsync();
        }

        // A fresh processor takes every order, once.
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:stall-") == 200,
                TimeSpan.FromSeconds(60),
                "every order applied by a fresh processor"
            );
        }

        Assert.Empty(await Ledger.ViolationsAsync());
    }
}

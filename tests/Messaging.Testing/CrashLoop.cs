using System.Diagnostics;
using Npgsql;

namespace Messaging.Testing;

/// <summary>
/// A crash loop, as after a bad deploy: the worker is started and SIGKILLed again and again while a full
/// prefetch of orders is in flight. The ledger's journal is locked meanwhile, so no batch commits between
/// kills: every message in flight is delivered once more per kill without ever being acknowledged, the
/// worst case for a queue's delivery limit.
/// </summary>
public static class CrashLoop
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the loop; returns how many times the worker was killed with messages in flight.</summary>
    public static async Task<int> RunAsync(ServersFixture servers, int kills, IReadOnlyDictionary<string, string?>? settings = null)
    {
        await using var locker = await servers.DataSource.OpenConnectionAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE journal_entries IN EXCLUSIVE MODE", locker, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        var killed = 0;
        for (var i = 0; i < kills; i++)
        {
            // Killed workers' transactions keep waiting on the lock until it is released: count only new ones.
            var waitingBefore = await CommitsWaitingAsync(servers);
            await using var worker = ProcessorProcess.Start(servers, settings);
            await Eventually.HoldsAsync(
                () => Task.FromResult(worker.Output.Contains("Processor started", StringComparison.Ordinal) || worker.HasExited),
                StartTimeout,
                "the worker to start"
            );
            Assert.False(worker.HasExited, $"the worker exited at start-up:\n{worker.Output}");

            // Positive signal: a group commit is waiting on the lock, so deliveries have begun. The rest of the
            // prefetch arrives within milliseconds on loopback; a short pause lets all of it be in flight.
            await Eventually.HoldsAsync(
                async () => await CommitsWaitingAsync(servers) > waitingBefore,
                StartTimeout,
                "a commit to wait on the locked journal"
            );
            await Task.Delay(300);
            killed++;
            // DisposeAsync kills the process tree (SIGKILL): no graceful stop, nothing acknowledged.
        }

        await transaction.RollbackAsync();
        return killed;
    }

    private static async Task<long> CommitsWaitingAsync(ServersFixture servers)
    {
        await using var command = servers.DataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                + "wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        );
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Publishes orders o-{first}..o-{first+count-1} with publisher confirms; every one is confirmed when this returns.</summary>
    public static async Task PublishOrdersAsync(Broker broker, string prefix, int count)
    {
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(
            Enumerable
                .Range(0, count)
                .Select(i => broker.PublishJsonAsync(Orders.Exchange, Orders.Json($"{prefix}-{i}", $"u-{i % 50}", 10m), Guid.NewGuid()))
        );
        Assert.True(stopwatch.Elapsed < TimeSpan.FromMinutes(2), "publishing took too long");
    }
}

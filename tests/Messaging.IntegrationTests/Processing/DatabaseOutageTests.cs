using System.Diagnostics;
using Messaging.IntegrationTests.Infrastructure;

namespace Messaging.IntegrationTests.Processing;

/// <summary>PostgreSQL stopped under load: messages wait (unacknowledged, retried), none is dead-lettered or lost.</summary>
[Collection(ServersCollection.Name)]
public sealed class DatabaseOutageTests(ServersFixture servers) : ProcessorTest(servers)
{
    public override async Task DisposeAsync()
    {
        await PostgresClusterAsync("start");
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Should_dead_letter_nothing_and_apply_everything_when_postgres_stops_for_20_seconds_under_load()
    {
        const int orders = 3000;
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            var publishing = Task.Run(async () =>
            {
                for (var i = 0; i < orders; i++)
                {
                    await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json($"o-{i}", $"u-{i % 50}", 25m), Guid.NewGuid());
                    if (i % 100 == 0)
                    {
                        await Task.Delay(100);
                    }
                }
            });

            await Eventually.HoldsAsync(async () => await Ledger.EntriesAsync("order:") > 200, TimeSpan.FromSeconds(30), "some orders applied before the outage");
            await PostgresClusterAsync("stop");
            await Task.Delay(TimeSpan.FromSeconds(20));
            Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
            await PostgresClusterAsync("start");
            await publishing;

            await Eventually.HoldsAsync(async () => await CountOrZeroAsync() == orders && await Ledger.OutboxAsync() == 0, TimeSpan.FromSeconds(90),
                "every order applied after PostgreSQL came back");
        }

        Assert.Equal(orders, await Ledger.EntriesAsync("order:"));
        Assert.Equal(orders * 25 + (50 * 150), await Ledger.ScalarAsync("SELECT sum(current_points) FROM user_points"));
        Assert.Empty(await Ledger.ViolationsAsync());
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
    }

    private async Task<long> CountOrZeroAsync()
    {
        try
        {
            return await Ledger.EntriesAsync("order:");
        }
        catch (Npgsql.NpgsqlException)
        {
            return 0;
        }
    }

    /// <summary>Stops or starts the local cluster the tests run on (root only, as in CI).</summary>
    private static async Task PostgresClusterAsync(string action)
    {
        var version = Environment.GetEnvironmentVariable("LEDGER_PG_VERSION") ?? "15";
        var cluster = Environment.GetEnvironmentVariable("LEDGER_PG_CLUSTER") ?? "main";
        var start = new ProcessStartInfo("pg_ctlcluster", action == "stop" ? [version, cluster, "stop", "-m", "fast"] : [version, cluster, action])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        // "start" on a running cluster exits 2: that is the state we want.
        Assert.True(process.ExitCode == 0 || (action == "start" && process.ExitCode == 2),
            $"pg_ctlcluster {version} {cluster} {action} failed ({process.ExitCode}): {output}. This test runs as root against the local cluster (set LEDGER_PG_VERSION / LEDGER_PG_CLUSTER).");
    }
}

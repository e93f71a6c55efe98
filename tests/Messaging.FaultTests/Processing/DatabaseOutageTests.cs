using System.Diagnostics;
using Xunit.Abstractions;

namespace Messaging.FaultTests.Processing;

/// <summary>
/// PostgreSQL stopped or restarted under load: messages wait (unacknowledged, retried), none is dead-lettered, lost or
/// applied twice. The server is a container of the tests' own, so stopping it disturbs no other test.
/// </summary>
[Collection(PostgresContainerCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class DatabaseOutageTests(PostgresContainerFixture servers, ITestOutputHelper output) : ProcessorTest(servers)
{
    private PostgresContainerFixture Database { get; } = servers;

    public override async Task DisposeAsync()
    {
        await Database.StartDatabaseAsync();
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

            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:") > 200,
                TimeSpan.FromSeconds(30),
                "some orders applied before the outage"
            );
            await Database.StopDatabaseAsync();
            await Task.Delay(TimeSpan.FromSeconds(20));
            Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
            await Database.StartDatabaseAsync();
            await publishing;

            await Eventually.HoldsAsync(
                async () => await CountOrZeroAsync() == orders && await Ledger.OutboxAsync() == 0,
                TimeSpan.FromSeconds(90),
                "every order applied after PostgreSQL came back"
            );
        }

        Assert.Equal(orders, await Ledger.EntriesAsync("order:"));
        Assert.Equal(orders * 25 + (50 * 150), await Ledger.ScalarAsync("SELECT sum(current_points) FROM user_points"));
        Assert.Empty(await Ledger.ViolationsAsync());
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
    }

    [Fact]
    public async Task Should_apply_every_order_once_and_recover_by_itself_when_postgres_restarts_five_times_under_load()
    {
        const int orders = 6000,
            restarts = 5;
        var recoveries = new List<TimeSpan>();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            var publishing = Task.Run(async () =>
            {
                for (var i = 0; i < orders; i++)
                {
                    await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json($"r-{i}", $"u-{i % 50}", 25m), Guid.NewGuid());
                    if (i % 100 == 0)
                    {
                        await Task.Delay(200);
                    }
                }
            });

            var applied = 0L;
            while (recoveries.Count < restarts)
            {
                // Restart only once the processor has applied more since it last came back, so each restart lands under load.
                var before = applied;
                await Eventually.HoldsAsync(
                    async () => (applied = await CountOrZeroAsync()) > before + 300,
                    TimeSpan.FromSeconds(60),
                    $"progress before restart {recoveries.Count + 1}"
                );
                await Database.StopDatabaseAsync();
                await Database.StartDatabaseAsync();
                var clock = Stopwatch.StartNew();

                // The count once PostgreSQL answers again, then the processor's first commit after it.
                var atRestart = 0L;
                await Eventually.HoldsAsync(
                    async () => (atRestart = await CountOrZeroAsync()) > 0,
                    TimeSpan.FromSeconds(60),
                    "PostgreSQL answering again"
                );
                await Eventually.HoldsAsync(
                    async () => await CountOrZeroAsync() > atRestart,
                    TimeSpan.FromSeconds(60),
                    $"the first commit after restart {recoveries.Count + 1}"
                );
                recoveries.Add(clock.Elapsed);
            }

            await publishing;
            await Eventually.HoldsAsync(
                async () => await CountOrZeroAsync() == orders && await Ledger.OutboxAsync() == 0,
                TimeSpan.FromSeconds(90),
                "every order applied after the restarts"
            );
        }

        Assert.Equal(orders, await Ledger.EntriesAsync("order:r-"));
        Assert.Equal(orders * 25 + (50 * 150), await Ledger.ScalarAsync("SELECT sum(current_points) FROM user_points"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM ledger_refusals"));
        Assert.Empty(await Ledger.ViolationsAsync());
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        output.WriteLine(
            $"PostgreSQL {Database.Version} restarts: {orders} orders, {restarts} restarts, first commit after each: "
                + string.Join(", ", recoveries.Select(r => $"{r.TotalSeconds:F1} s"))
                + "; 0 lost, 0 applied twice, 0 dead-lettered"
        );
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
}

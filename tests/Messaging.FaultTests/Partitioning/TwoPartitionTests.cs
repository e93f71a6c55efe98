using System.Globalization;
using Messaging.Ledger.Auditing;
using Messaging.Ledger.Chain;
using Messaging.Operations.Endpoints;
using Messaging.Operations.Partitions;
using Xunit.Abstractions;

namespace Messaging.FaultTests.Partitioning;

/// <summary>
/// The partitioned shape of docs/scaling.md on one machine: orders published by user through a consistent-hash exchange to two
/// partitions, each a processor and a PostgreSQL server of its own. One processor is killed with SIGKILL mid-stream and started again.
/// </summary>
[Collection(TwoPartitionsCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class TwoPartitionTests(TwoPartitionsFixture ledger, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Users = 500;
    private const int OrdersPerUser = 40;
    private const int TotalOrders = Users * OrdersPerUser;
    private const long SignupAndFirstOrderBonus = 150;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    private readonly ProcessorProcess?[] _processors = new ProcessorProcess?[2];

    public Task InitializeAsync() => Task.WhenAll(ledger.Partitions.Select(p => p.ResetAsync()));

    public async Task DisposeAsync()
    {
        foreach (var processor in _processors.OfType<ProcessorProcess>())
        {
            await processor.DisposeAsync();
        }
    }

    [Fact]
    public async Task Should_apply_every_order_once_in_its_users_partition_in_publish_order_when_one_processor_is_killed()
    {
        await using var broker = await Broker.ConnectAsync(ledger.Rabbit, ledger.VirtualHost);
        _processors[0] = await StartAsync(0);
        _processors[1] = await StartAsync(1);

        // Round by round, so each user's orders are published one after the other (a round publishes one order of every user, and
        // returns once the broker confirmed all of them).
        var publishing = Task.Run(async () =>
        {
            for (var round = 0; round < OrdersPerUser; round++)
            {
                await Task.WhenAll(
                    Enumerable
                        .Range(0, Users)
                        .Select(user =>
                            broker.PublishJsonAsync(
                                Orders.Exchange,
                                Orders.Json(OrderId(user, round), UserId(user), AmountOf(user, round)),
                                Guid.NewGuid(),
                                routingKey: UserId(user)
                            )
                        )
                );
            }
        });

        await Eventually.HoldsAsync(
            async () => await OrderEntriesAsync(0) >= 2_000 || publishing.IsCompleted,
            Timeout,
            "partition 0 to apply 2,000 orders"
        );
        var appliedWhenKilled = await OrderEntriesAsync(0);
        await _processors[0]!.KillAsync();
        output.WriteLine($"partition 0 killed after {appliedWhenKilled} orders; publishing finished: {publishing.IsCompleted}");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await _processors[0]!.DisposeAsync();
        _processors[0] = null;
        _processors[0] = await StartAsync(0);

        await publishing;
        await Eventually.HoldsAsync(
            async () =>
                await OrderEntriesAsync(0) + await OrderEntriesAsync(1) == TotalOrders
                && await Probe(0).OutboxAsync() == 0
                && await Probe(1).OutboxAsync() == 0,
            Timeout,
            $"all {TotalOrders} orders applied and announced"
        );

        var applied = new[] { await OrderEntriesAsync(0), await OrderEntriesAsync(1) };
        output.WriteLine($"orders applied: partition 0 {applied[0]}, partition 1 {applied[1]}");
        Assert.True(appliedWhenKilled < applied[0], $"partition 0 was killed after its last order ({appliedWhenKilled} of {applied[0]})");
        // The hash spreads the users: neither partition is idle (a ring of 2 × 100 points gives each well over a quarter of them).
        Assert.All(applied, count => Assert.InRange(count, TotalOrders / 4, TotalOrders * 3 / 4));

        var usersByPartition = new List<HashSet<string>>();
        for (var partition = 0; partition < 2; partition++)
        {
            // Once: every message consumed is in the inbox once, and made one entry.
            Assert.Equal(applied[partition], await Probe(partition).InboxAsync());
            var sequences = await OrderSequencesByUserAsync(partition);
            usersByPartition.Add([.. sequences.Keys]);
            foreach (var (user, sequence) in sequences)
            {
                // Every order of the user, in the order it was published (entry ids grow with each commit and within one).
                Assert.Equal(Enumerable.Range(0, OrdersPerUser), sequence);
                Assert.Equal(TotalOf(user) + SignupAndFirstOrderBonus, await Probe(partition).BalanceAsync(user));
            }

            var queue = LedgerPartitions.QueueOf(LedgerEndpoints.OrderCompleted, partition);
            Assert.Equal(0u, await broker.CountAsync(queue));
            Assert.Equal(0u, await broker.CountAsync(queue + "_error"));
        }

        output.WriteLine($"users: partition 0 {usersByPartition[0].Count}, partition 1 {usersByPartition[1].Count}");
        // Each user lives in one partition, and every user is somewhere.
        Assert.Empty(usersByPartition[0].Intersect(usersByPartition[1]));
        Assert.Equal(Users, usersByPartition[0].Count + usersByPartition[1].Count);
        Assert.Equal(0u, await broker.CountAsync(Orders.Queue));

        await AssertGlobalAuditAsync();
    }

    // Each partition proves itself (entries balance, balances equal postings, its chain links, every point it issued is somewhere),
    // then the partitions add up to what was issued: every order's points and each user's two bonuses, once.
    private async Task AssertGlobalAuditAsync()
    {
        long issued = 0;
        long inWallets = 0;
        for (var partition = 0; partition < 2; partition++)
        {
            var report = await new LedgerAuditor(ledger.Partitions[partition].DataSource).AuditAsync(
                null,
                Array.Empty<ChainCheckpoint>(),
                CancellationToken.None
            );
            Assert.True(
                report.Clean,
                $"partition {partition}: " + string.Join("; ", report.Findings.Select(f => $"[{f.Check}] {f.Subject}: {f.Problem}"))
            );
            Assert.True(report.Conserved, $"partition {partition} issued {report.PointsIssued} but holds {report.InWallets} in wallets");
            issued += report.PointsIssued;
            inWallets += report.InWallets;
        }

        var expected = Enumerable.Range(0, Users).Sum(user => TotalOf(UserId(user)) + SignupAndFirstOrderBonus);
        Assert.Equal(expected, issued);
        Assert.Equal(expected, inWallets);
    }

    private Task<ProcessorProcess> StartAsync(int partition) =>
        ProcessorProcess.StartedAsync(
            ledger.Partitions[partition],
            crashPoint: null,
            Timeout,
            new Dictionary<string, string?>
            {
                ["RabbitMq:VirtualHost"] = ledger.VirtualHost,
                ["Partitioning:Partition"] = partition.ToString(CultureInfo.InvariantCulture),
            }
        );

    private LedgerProbe Probe(int partition) => new(ledger.Partitions[partition].DataSource);

    private Task<long> OrderEntriesAsync(int partition) => Probe(partition).EntriesAsync("order:");

    // order:o-{user}-{sequence}, in the order the ledger wrote them.
    private async Task<Dictionary<string, List<int>>> OrderSequencesByUserAsync(int partition)
    {
        var sequences = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (
            var key in await Probe(partition)
                .RowsAsync("SELECT idempotency_key FROM journal_entries WHERE idempotency_key LIKE 'order:%' ORDER BY id")
        )
        {
            var parts = key.Split('-');
            var user = "u-" + parts[1];
            if (!sequences.TryGetValue(user, out var sequence))
            {
                sequences[user] = sequence = [];
            }

            sequence.Add(int.Parse(parts[2], CultureInfo.InvariantCulture));
        }

        return sequences;
    }

    private static string UserId(int user) => $"u-{user:D3}";

    private static string OrderId(int user, int sequence) => $"o-{user:D3}-{sequence:D2}";

    private static int AmountOf(int user, int sequence) => 10 + ((user + sequence) % 7);

    private static long TotalOf(string userId)
    {
        var user = int.Parse(userId[2..], CultureInfo.InvariantCulture);
        return Enumerable.Range(0, OrdersPerUser).Sum(sequence => (long)AmountOf(user, sequence));
    }
}

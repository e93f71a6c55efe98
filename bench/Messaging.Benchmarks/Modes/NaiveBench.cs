using System.Globalization;
using MassTransit;
using Messaging.Benchmarks.Infrastructure;
using Messaging.Benchmarks.Naive;
using Messaging.Contracts.Earning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabbitMQ.Client;

namespace Messaging.Benchmarks.Modes;

/// <summary>
/// The baseline a typical user would write: a MassTransit consumer (the processor's version) on RabbitMQ (default settings
/// except prefetch 32), one EF Core SaveChanges per OrderCompleted (entry + 2 postings + wallet balance),
/// then context.Publish(PointsEarned). Time: first publish until the last PointsEarned arrives.
/// </summary>
internal static class NaiveBench
{
    public const string Database = "ledger_bench_naive";
    public const string Vhost = "ledger_bench_naive";
    private const string Queue = "naive-order-completed";
    private const string CollectorQueue = "bench-points-earned";

    public static async Task<ModeResult> RunAsync(BenchOptions options, RabbitAdmin rabbitAdmin, PgAdmin pgAdmin, OrderGenerator orders)
    {
        await rabbitAdmin.RecreateVhostAsync(Vhost);
        await pgAdmin.RecreateDatabaseAsync(Database);
        var connectionString = options.PgConnectionString(Database);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<NaiveLedgerDbContext>(db => db.UseNpgsql(connectionString));
        services.AddMassTransit(bus =>
        {
            // MassTransit 8 reports usage to its vendor over the internet by default; only loopback here.
            bus.DisableUsageTelemetry();
            bus.AddConsumer<NaiveOrderCompletedConsumer>();
            bus.UsingRabbitMq(
                (context, rabbit) =>
                {
                    rabbit.Host(options.Host, (ushort)options.AmqpPort, Vhost, host =>
                    {
                        host.Username(options.MqUser);
                        host.Password(options.MqPassword);
                    });
                    rabbit.Message<OrderCompleted>(m => m.SetEntityName(OrderPublishing.OrderCompletedExchange));
                    rabbit.Message<PointsEarned>(m => m.SetEntityName(OrderPublishing.PointsEarnedExchange));
                    rabbit.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: false);
                    rabbit.UseMessageRetry(r => r.Immediate(5));
                    rabbit.ReceiveEndpoint(Queue, endpoint =>
                    {
                        endpoint.PrefetchCount = 32;
                        endpoint.ConfigureConsumer<NaiveOrderCompletedConsumer>(context);
                    });
                }
            );
        });

        await using var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NaiveLedgerDbContext>().Database.EnsureCreatedAsync();
        }

        await using var collector = new EventCollector();
        await using (var setup = await Rabbit.ConnectAsync(options, Vhost, "bench-naive-setup"))
        await using (var channel = await setup.CreateChannelAsync())
        {
            await Rabbit.DeclareFanoutToQuorumQueueAsync(channel, OrderPublishing.PointsEarnedExchange, CollectorQueue);
            await setup.CloseAsync();
        }

        await collector.StartAsync(options, Vhost, CollectorQueue);
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync();
        try
        {
            await WaitForConsumerAsync(rabbitAdmin, Vhost, Queue, () => false, TimeSpan.FromSeconds(60));
            await using var publisher = await ConfirmedPublisher.CreateAsync(options, Vhost, "bench-naive-publisher");

            var warmup = orders.Take('w', options.Warmup);
            var warmupTracker = new PhaseTracker('w', warmup.Length);
            collector.Track(warmupTracker);
            await OrderPublishing.PublishAsync(publisher, warmup, warmupTracker);
            await warmupTracker.AllReceived.Within(TimeSpan.FromMinutes(5), () =>
                $"naive warm-up: {warmupTracker.ReceivedCount}/{warmup.Length} PointsEarned"
            );

            var measured = orders.Take('m', options.NaiveCount);
            var tracker = new PhaseTracker('m', measured.Length);
            collector.Track(tracker);
            Log.Info($"naive: publishing {measured.Length} orders");
            var cpuBefore = CpuSnapshot.Take();
            var start = Clock.Now;
            await OrderPublishing.PublishAsync(publisher, measured, tracker);
            await publisher.DrainAsync();
            var end = await tracker.AllReceived.Within(TimeSpan.FromMinutes(20), () =>
                $"naive: {tracker.ReceivedCount}/{measured.Length} PointsEarned"
            );
            var cpu = CpuSnapshot.Between(cpuBefore, CpuSnapshot.Take());
            var seconds = Clock.Seconds(start, end);

            var result = new ModeResult(BenchOptions.Naive, measured.Length, seconds)
                .With(
                    "settings",
                    "MassTransit defaults, prefetch 32 (concurrency 32), UseMessageRetry(Immediate(5)), one SaveChanges per message"
                )
                .With("end-to-end latency", tracker.Latencies().ToString())
                .With("end-to-end latency, by stage", tracker.Breakdown())
                .With("CPU (cores)", cpu.Describe())
                .With("CPU per message (the consumer runs in the bench process)", cpu.PerMessage(measured.Length));

            // Correctness of the baseline itself.
            var all = warmup.Concat(measured).ToList();
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var check = dataSource.CreateCommand(
                "SELECT (SELECT count(*) FROM journal_entries), (SELECT coalesce(sum(\"Balance\"), 0) FROM wallets)"
            );
            await using var reader = await check.ExecuteReaderAsync();
            await reader.ReadAsync();
            var entries = reader.GetInt64(0);
            var balances = reader.GetInt64(1);
            var expectedPoints = all.Sum(s => s.Points);
            result.With(
                "check",
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{entries} entries (expected {all.Count}), wallet balances {balances} (expected {expectedPoints})"
                )
            );
            if (entries != all.Count || balances != expectedPoints)
            {
                result.Problems.Add(
                    $"naive: ledger check failed: {entries} entries for {all.Count} orders, balances {balances} for {expectedPoints} points"
                );
            }

            if (publisher.Failed > 0 || tracker.Duplicates > 0)
            {
                result.Problems.Add($"naive: {publisher.Failed} publishes unconfirmed, {tracker.Duplicates} duplicate PointsEarned");
            }

            foreach (var (queue, messages) in await rabbitAdmin.QueuesAsync(Vhost))
            {
                if (
                    messages > 0
                    && (queue.EndsWith("_error", StringComparison.Ordinal) || queue.EndsWith("_skipped", StringComparison.Ordinal))
                )
                {
                    result.Problems.Add($"naive: {messages} messages in {queue}");
                }
            }

            return result;
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>Waits until the queue exists with at least one consumer.</summary>
    internal static async Task WaitForConsumerAsync(RabbitAdmin admin, string vhost, string queue, Func<bool> givenUp, TimeSpan limit)
    {
        var start = Clock.Now;
        while (true)
        {
            if (await admin.QueueAsync(vhost, queue) is { Consumers: > 0 })
            {
                return;
            }

            if (givenUp() || Clock.Seconds(start, Clock.Now) > limit.TotalSeconds)
            {
                throw new TimeoutException($"no consumer on queue {queue} in vhost {vhost} after {Clock.Seconds(start, Clock.Now):F0}s");
            }

            await Task.Delay(200);
        }
    }
}

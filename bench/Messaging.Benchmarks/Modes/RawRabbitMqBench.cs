using System.Globalization;
using System.Threading.Channels;
using Messaging.Benchmarks.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Messaging.Benchmarks.Modes;

/// <summary>
/// The broker's ceiling for this workload with RabbitMQ.Client alone: N orders published with confirms
/// pipelined to a quorum queue; concurrently consumed (prefetch 1000, manual acks); per order one
/// PointsEarned-sized event published with confirms to a second quorum queue, and the order acknowledged
/// (in groups, multiple=true) only once its event is confirmed. Time: first publish until last ack.
/// </summary>
internal static class RawRabbitMqBench
{
    public const string Vhost = "ledger_bench_raw_rabbitmq";
    private const string OrdersExchange = "bench-orders";
    private const string EventsExchange = "bench-events";
    private const ushort Prefetch = 1000;

    public static async Task<ModeResult> RunAsync(BenchOptions options, RabbitAdmin admin, OrderGenerator orders)
    {
        await admin.RecreateVhostAsync(Vhost);

        await using (var setup = await Rabbit.ConnectAsync(options, Vhost, "bench-raw-setup"))
        await using (var channel = await setup.CreateChannelAsync())
        {
            await Rabbit.DeclareFanoutToQuorumQueueAsync(channel, OrdersExchange, "bench-orders");
            await Rabbit.DeclareFanoutToQuorumQueueAsync(channel, EventsExchange, "bench-events");
            await setup.CloseAsync();
        }

        // The "processor": its own connection, a consuming channel and a confirming channel for events.
        await using var processorConnection = await Rabbit.ConnectAsync(options, Vhost, "bench-raw-processor");
        await using var consumeChannel = await processorConnection.CreateChannelAsync();
        await using var eventChannel = await Rabbit.ConfirmingChannelAsync(processorConnection);
        await consumeChannel.BasicQosAsync(0, Prefetch, false);

        var toAck = Channel.CreateUnbounded<(ulong Tag, Task Published)>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }
        );
        var acked = new Progress();
        long eventFailures = 0;

        var consumer = new AsyncEventingBasicConsumer(consumeChannel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            // Deserialize what is needed and serialize the outgoing event, as a real handler would.
            var orderId = EventCollector.FindOrderId(delivery.Body.Span) ?? "?";
            var body = EventBodies.PointsEarned(orderId, "user-000000", 100);
            var published = PublishEventAsync(eventChannel, body);
            toAck.Writer.TryWrite((delivery.DeliveryTag, published));
            return Task.CompletedTask;
        };

        var acker = Task.Run(async () =>
        {
            var reader = toAck.Reader;
            var pending = 0;
            ulong last = 0;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var item))
                {
                    try
                    {
                        await item.Published;
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        Interlocked.Increment(ref eventFailures);
                    }

                    last = item.Tag;
                    if (++pending >= 100)
                    {
                        await consumeChannel.BasicAckAsync(last, multiple: true);
                        acked.Add(pending);
                        pending = 0;
                    }
                }

                if (pending > 0)
                {
                    await consumeChannel.BasicAckAsync(last, multiple: true);
                    acked.Add(pending);
                    pending = 0;
                }
            }
        });

        await consumeChannel.BasicConsumeAsync("bench-orders", autoAck: false, consumer);
        await using var publisher = await ConfirmedPublisher.CreateAsync(options, Vhost, "bench-raw-publisher");

        // Warm-up (JIT, connections, queue processes), not measured.
        var warmup = orders.Take('w', options.Warmup);
        await PublishAsync(publisher, warmup);
        await acked
            .WhenAtLeastAsync(warmup.Length)
            .Within(TimeSpan.FromMinutes(2), () => $"raw-rabbitmq warm-up: {acked.Count}/{warmup.Length} acked");

        var measured = orders.Take('m', options.Count);
        Log.Info($"raw-rabbitmq: publishing {measured.Length} orders");
        var cpuBefore = CpuSnapshot.Take();
        var start = Clock.Now;
        var allAcked = acked.WhenAtLeastAsync(warmup.Length + measured.Length);
        await PublishAsync(publisher, measured);
        var publishedAt = Clock.Now;
        await publisher.DrainAsync();
        var confirmedAt = publisher.LastConfirmedAt;
        var end = await allAcked.Within(TimeSpan.FromMinutes(10), () =>
            $"raw-rabbitmq: {acked.Count - warmup.Length}/{measured.Length} acked"
        );
        var cpu = CpuSnapshot.Between(cpuBefore, CpuSnapshot.Take());

        toAck.Writer.Complete();
        await acker;

        var seconds = Clock.Seconds(start, end);
        var result = new ModeResult(BenchOptions.RawRabbitMq, measured.Length, seconds)
            .With("publish rate (handed to the client)", Rate(measured.Length, Clock.Seconds(start, publishedAt)))
            .With("publish rate (all confirmed)", Rate(measured.Length, Clock.Seconds(start, confirmedAt)))
            .With("consume + publish event + ack rate", Rate(measured.Length, seconds))
            .With(
                "order / event body",
                $"{measured[0].ToJson(DateTimeOffset.UtcNow).Length} B / "
                    + $"{EventBodies.PointsEarned(measured[0].OrderId, measured[0].UserId, 100).Length} B (both "
                    + "plain JSON, as the processor consumes and publishes them)"
            )
            .With("CPU (cores)", cpu.Describe())
            .With("CPU per message", cpu.PerMessage(measured.Length));
        if (publisher.Failed > 0 || Interlocked.Read(ref eventFailures) > 0)
        {
            result.Problems.Add(
                $"raw-rabbitmq: {publisher.Failed} order publishes and {eventFailures} event publishes were "
                    + $"not confirmed ({publisher.LastError?.Message})"
            );
        }

        return result;
    }

    private static async Task PublishEventAsync(IChannel channel, byte[] body)
    {
        var properties = new BasicProperties
        {
            ContentType = EventBodies.ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = Guid.NewGuid().ToString(),
        };
        await channel.BasicPublishAsync(EventsExchange, routingKey: "", mandatory: false, properties, body);
    }

    private static async Task PublishAsync(ConfirmedPublisher publisher, OrderSpec[] specs)
    {
        var occurredAt = DateTimeOffset.UtcNow;
        foreach (var spec in specs)
        {
            await publisher.PublishAsync(OrdersExchange, Rabbit.JsonProperties(spec.MessageId), spec.ToJson(occurredAt));
        }
    }

    internal static string Rate(long count, double seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{count / seconds:N0} msg/s ({seconds:F2} s)");
}

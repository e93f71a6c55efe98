using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Messaging.Benchmarks.Infrastructure;

/// <summary>Publish and receive times of one phase's messages, by index.</summary>
internal sealed class PhaseTracker
{
    private readonly long[] _published;
    private readonly long[] _received;
    private readonly TaskCompletionSource<long> _allReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _receivedCount;
    private int _duplicates;

    public PhaseTracker(char phase, int count)
    {
        Phase = phase;
        Count = count;
        _published = new long[count];
        _received = new long[count];
        if (count == 0)
        {
            _allReceived.SetResult(Clock.Now);
        }
    }

    public char Phase { get; }

    public int Count { get; }

    public int ReceivedCount => Volatile.Read(ref _receivedCount);

    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Completes with the stopwatch time the last expected message arrived.</summary>
    public Task<long> AllReceived => _allReceived.Task;

    public void MarkPublished(int index, long at) => _published[index] = at;

    public void MarkReceived(int index, long at)
    {
        if ((uint)index >= (uint)Count)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _received[index], at, 0) != 0)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        if (Interlocked.Increment(ref _receivedCount) == Count)
        {
            _allReceived.TrySetResult(at);
        }
    }

    public LatencyStats Latencies()
    {
        var values = new List<double>(Count);
        for (var i = 0; i < Count; i++)
        {
            if (_published[i] != 0 && _received[i] != 0)
            {
                values.Add(Clock.Millis(_published[i], _received[i]));
            }
        }

        return LatencyStats.Of(values);
    }
}

internal sealed record LatencyStats(int Samples, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public static LatencyStats Of(List<double> values)
    {
        if (values.Count == 0)
        {
            return new LatencyStats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        values.Sort();
        double At(double q) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(q * values.Count) - 1)];
        return new LatencyStats(values.Count, values.Average(), At(0.50), At(0.90), At(0.99), At(0.999), values[^1]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"p50 {P50:F1} ms, p90 {P90:F1} ms, p99 {P99:F1} ms, p99.9 {P999:F1} ms, max {Max:F1} ms (mean {Mean:F1} ms, {Samples} samples)");
}

/// <summary>
/// Consumes PointsEarned (MassTransit envelope or plain JSON) from a queue of its own and records when
/// each order's event arrived, matched by the <c>orderId</c> field.
/// </summary>
internal sealed class EventCollector : IAsyncDisposable
{
    private readonly ConcurrentDictionary<char, PhaseTracker> _phases = new();
    private IConnection? _connection;
    private IChannel? _channel;
    private long _unmatched;

    public long Unmatched => Interlocked.Read(ref _unmatched);

    public void Track(PhaseTracker tracker) => _phases[tracker.Phase] = tracker;

    public async Task StartAsync(BenchOptions options, string vhost, string queue)
    {
        _connection = await Rabbit.ConnectAsync(options, vhost, "bench-event-collector");
        _channel = await _connection.CreateChannelAsync();
        await _channel.BasicQosAsync(0, 2000, false);
        var consumer = new AsyncEventingBasicConsumer(_channel);
        ulong unacked = 0;
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var now = Clock.Now;
            if (FindOrderId(delivery.Body.Span) is { } orderId
                && OrderSpec.TryParseOrderId(orderId, out var phase, out var index)
                && _phases.TryGetValue(phase, out var tracker))
            {
                tracker.MarkReceived(index, now);
            }
            else
            {
                Interlocked.Increment(ref _unmatched);
            }

            // Acknowledge in groups: one frame per 200 deliveries.
            if (++unacked >= 200)
            {
                unacked = 0;
                await _channel.BasicAckAsync(delivery.DeliveryTag, multiple: true);
            }
        };
        await _channel.BasicConsumeAsync(queue, autoAck: false, consumer);
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.CloseAsync();
            await _connection.DisposeAsync();
        }
    }

    /// <summary>The first string property named <c>orderId</c> anywhere in the JSON document.</summary>
    internal static string? FindOrderId(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("orderId"u8))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}

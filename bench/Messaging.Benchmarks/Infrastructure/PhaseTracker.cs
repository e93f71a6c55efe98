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
    private readonly long[] _ledgerAt;
    private readonly long[] _sentAt;
    private readonly TaskCompletionSource<long> _allReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _receivedCount;
    private int _duplicates;

    public PhaseTracker(char phase, int count)
    {
        Phase = phase;
        Count = count;
        _published = new long[count];
        _received = new long[count];
        _ledgerAt = new long[count];
        _sentAt = new long[count];
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

    /// <param name="index">The order's index in this phase.</param>
    /// <param name="at">When the event arrived.</param>
    /// <param name="ledgerAt">The event's <c>occurredAt</c> (when the ledger recorded the credit), 0 if unknown.</param>
    /// <param name="sentAt">The envelope's <c>sentTime</c> (when it was handed to the broker), 0 if unknown.</param>
    public void MarkReceived(int index, long at, long ledgerAt = 0, long sentAt = 0)
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

        _ledgerAt[index] = ledgerAt;
        _sentAt[index] = sentAt;

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

    /// <summary>
    /// Where the end-to-end time goes, from the time stamps inside PointsEarned: publish → ledger
    /// (<c>occurredAt</c>: queueing, consuming, batching, SQL), ledger → sent (<c>sentTime</c> of a MassTransit
    /// envelope, when there is one: commit and the outbox dispatcher), sent → received (broker and this process).
    /// </summary>
    public string Breakdown()
    {
        List<double> toLedger = [],
            toSent = [],
            toReceived = [],
            ledgerToReceived = [];
        for (var i = 0; i < Count; i++)
        {
            if (_published[i] == 0 || _received[i] == 0 || _ledgerAt[i] == 0)
            {
                continue;
            }

            toLedger.Add(Clock.Millis(_published[i], _ledgerAt[i]));
            ledgerToReceived.Add(Clock.Millis(_ledgerAt[i], _received[i]));
            if (_sentAt[i] != 0)
            {
                toSent.Add(Clock.Millis(_ledgerAt[i], _sentAt[i]));
                toReceived.Add(Clock.Millis(_sentAt[i], _received[i]));
            }
        }

        if (toLedger.Count == 0)
        {
            return "n/a";
        }

        static string Stage(string name, List<double> values)
        {
            var stats = LatencyStats.Of(values);
            return string.Create(CultureInfo.InvariantCulture, $"{name} p50 {stats.P50:F1} / p99 {stats.P99:F1} ms");
        }

        return toSent.Count == toLedger.Count
            ? string.Join(
                "; ",
                Stage("publish -> ledger (occurredAt)", toLedger),
                Stage("ledger -> sent (sentTime)", toSent),
                Stage("sent -> received", toReceived)
            )
            : string.Join(
                "; ",
                Stage("publish -> ledger (occurredAt)", toLedger),
                Stage("ledger -> received (commit, outbox, broker)", ledgerToReceived)
            );
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

    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"p50 {P50:F1} ms, p90 {P90:F1} ms, p99 {P99:F1} ms, p99.9 {P999:F1} ms, max {Max:F1} ms (mean {Mean:F1} ms, {Samples} samples)"
        );
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
            var (orderId, ledgerAt, sentAt) = ReadEvent(delivery.Body.Span);
            if (
                orderId is not null
                && OrderSpec.TryParseOrderId(orderId, out var phase, out var index)
                && _phases.TryGetValue(phase, out var tracker)
            )
            {
                tracker.MarkReceived(index, now, ledgerAt, sentAt);
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

    /// <summary>orderId, occurredAt (as this clock's ticks) and the envelope's sentTime, wherever they are in the document.</summary>
    internal static (string? OrderId, long LedgerAt, long SentAt) ReadEvent(ReadOnlySpan<byte> json)
    {
        string? orderId = null;
        long ledgerAt = 0,
            sentAt = 0;
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                if (reader.ValueTextEquals("orderId"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    orderId = reader.GetString();
                }
                else if (reader.ValueTextEquals("occurredAt"u8) && reader.Read() && reader.TryGetDateTimeOffset(out var occurred))
                {
                    ledgerAt = Clock.FromUtc(occurred);
                }
                else if (reader.ValueTextEquals("sentTime"u8) && reader.Read() && reader.TryGetDateTimeOffset(out var sent))
                {
                    sentAt = Clock.FromUtc(sent);
                }
            }
        }
        catch (JsonException)
        {
            // Keep what was read.
        }

        return (orderId, ledgerAt, sentAt);
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

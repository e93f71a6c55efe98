using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Messaging.Benchmarks.Infrastructure;

/// <summary>
/// Publish time of each request and receipt time of its answer, for modes whose requests are answered by one event
/// each (redemptions, recognitions). Answers are matched to requests by <c>indexOf</c>, which reads the request's index
/// from an answer's body; an answer from any exchange but <c>goodExchange</c> is a bad one (a refusal), which fails
/// the wait at once.
/// </summary>
internal sealed class AnswerTracker(int total, string goodExchange, string answerName, AnswerTracker.IndexReader indexOf)
{
    private readonly long[] _published = new long[total];
    private readonly long[] _received = new long[total];
    private readonly Lock _gate = new();
    private int _answered;
    private int _duplicates;
    private int _unmatched;
    private int _bad;
    private long _lastAt;
    private (int Target, TaskCompletionSource<long> Done)? _waiter;

    /// <summary>The request index an answer is about, or null when it names none of ours.</summary>
    public delegate int? IndexReader(ReadOnlySpan<byte> body);

    /// <summary>
    /// Reads the index of requests whose id is <paramref name="prefix"/> followed by their index (r17, d17), from the
    /// answer's <paramref name="property"/>.
    /// </summary>
    public static IndexReader IndexedIds(string property, char prefix) =>
        json =>
        {
            var reader = new System.Text.Json.Utf8JsonReader(json);
            try
            {
                while (reader.Read())
                {
                    if (
                        reader.TokenType == System.Text.Json.JsonTokenType.PropertyName
                        && reader.ValueTextEquals(property)
                        && reader.Read()
                        && reader.TokenType == System.Text.Json.JsonTokenType.String
                        && reader.GetString() is { Length: > 1 } id
                        && id[0] == prefix
                        && int.TryParse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    )
                    {
                        return index;
                    }
                }
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }

            return null;
        };

    public int Duplicates => Volatile.Read(ref _duplicates);

    public int Unmatched => Volatile.Read(ref _unmatched);

    public int Bad => Volatile.Read(ref _bad);

    public string FirstBad { get; private set; } = "";

    public void MarkPublished(int index, long at) => _published[index] = at;

    /// <summary>Completes when <paramref name="target"/> good answers have arrived; fails on a bad one.</summary>
    public async Task<long> WaitAsync(int target, TimeSpan limit, string what)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_bad > 0)
            {
                throw new InvalidOperationException($"{what}: a request was refused: {FirstBad}");
            }

            if (_answered >= target)
            {
                return _lastAt;
            }

            _waiter = (target, done);
        }

        return await done.Task.Within(limit, () =>
            string.Create(CultureInfo.InvariantCulture, $"{what}: {Volatile.Read(ref _answered)}/{target} {answerName} received")
        );
    }

    public LatencyStats Latencies(int from, int to)
    {
        var values = new List<double>(to - from);
        for (var i = from; i < to; i++)
        {
            if (_published[i] != 0 && _received[i] != 0)
            {
                values.Add(Clock.Millis(_published[i], _received[i]));
            }
        }

        return LatencyStats.Of(values);
    }

    /// <summary>
    /// The p99 latency of each <paramref name="sliceSeconds"/>-second slice of the requests from <paramref name="from"/> to
    /// <paramref name="to"/> (by publish time): whether a tail is steady or one stall, such as the recovery from a peak.
    /// </summary>
    public string P99BySlice(int from, int to, double sliceSeconds)
    {
        if (to <= from || _published[from] == 0)
        {
            return "none";
        }

        var slices = new SortedDictionary<int, List<double>>();
        for (var i = from; i < to; i++)
        {
            if (_published[i] != 0 && _received[i] != 0)
            {
                var slice = (int)(Clock.Seconds(_published[from], _published[i]) / sliceSeconds);
                (slices.TryGetValue(slice, out var values) ? values : slices[slice] = []).Add(Clock.Millis(_published[i], _received[i]));
            }
        }

        return string.Join(
            ", ",
            slices.Select(s =>
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{s.Key * sliceSeconds:0}-{(s.Key + 1) * sliceSeconds:0} s: {LatencyStats.Of(s.Value).P99:0.0} ms"
                )
            )
        );
    }

    public async Task<IAsyncDisposable> StartAsync(BenchOptions options, string vhost, string queue)
    {
        var connection = await Rabbit.ConnectAsync(options, vhost, $"bench-{queue}");
        var channel = await connection.CreateChannelAsync();
        await channel.BasicQosAsync(0, 1000, false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            Receive(delivery.Exchange, delivery.Body.Span, Clock.Now);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
        return new Subscription(connection, channel);
    }

    private void Receive(string exchange, ReadOnlySpan<byte> body, long now)
    {
        if (indexOf(body) is not { } index || index < 0 || index >= _received.Length)
        {
            Interlocked.Increment(ref _unmatched);
            return;
        }

        lock (_gate)
        {
            if (exchange != goodExchange)
            {
                _bad++;
                if (FirstBad.Length == 0)
                {
                    FirstBad = $"{exchange}: {System.Text.Encoding.UTF8.GetString(body)}";
                }

                _waiter?.Done.TrySetException(new InvalidOperationException($"a request was refused: {FirstBad}"));
                return;
            }

            if (_received[index] != 0)
            {
                _duplicates++;
                return;
            }

            _received[index] = now;
            _lastAt = now;
            _answered++;
            if (_waiter is { } waiter && _answered >= waiter.Target)
            {
                waiter.Done.TrySetResult(now);
                _waiter = null;
            }
        }
    }

    private sealed class Subscription(IConnection connection, IChannel channel) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await channel.DisposeAsync();
            await connection.CloseAsync();
            await connection.DisposeAsync();
        }
    }
}

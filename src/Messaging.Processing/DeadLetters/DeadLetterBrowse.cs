using System.Runtime.CompilerServices;
using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Messaging.Processing.DeadLetters;

/// <summary>
/// One dead-letter queue read from start to end without removing anything: every message delivered stays
/// unacknowledged (held) until it is acked where it was delivered (after a confirmed replay, or an archived purge), or
/// returned to the queue, in its place, when the browse is disposed and its channels close.
/// </summary>
/// <remarks>
/// Consumed, not fetched one by one: a basic.get on a quorum queue is a round trip through its log (about 1 ms, so
/// 100,000 took 90 s), while a consumer is given credit for many at once (100,000 in under 2 s). Held messages keep
/// their credit, so each channel's prefetch is set near its maximum and there are as many channels as the queue needs
/// to deliver everything it holds (a quorum queue treats "unlimited" as 2,000). While the reader is behind, the
/// consumers are cancelled and later resumed: the client buffers whatever the broker sends, so this bounds memory.
/// </remarks>
public sealed class DeadLetterBrowse : IAsyncDisposable
{
    /// <summary>Unacknowledged messages one channel may hold (a prefetch count is 16 bits).</summary>
    private const ushort PerChannel = 60_000;

    private const int PauseAbove = 2_000;
    private const int ResumeBelow = 500;

    /// <summary>How long a browse waits for a message it expects before it ends (someone else consumed it meanwhile).</summary>
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(3);

    private readonly IConnection _connection;
    private readonly string _queue;
    private readonly List<(IChannel Channel, AsyncEventingBasicConsumer Consumer)> _consumers = [];
    private readonly Dictionary<IChannel, string> _tags = [];
    private readonly Channel<DeadLetter> _buffer = System.Threading.Channels.Channel.CreateUnbounded<DeadLetter>(new UnboundedChannelOptions { SingleReader = true });
    private int _buffered;
    private bool _paused;
    private long _acked;

    private DeadLetterBrowse(IConnection connection, string queue, long expected)
    {
        _connection = connection;
        _queue = queue;
        Expected = expected;
    }

    public string Queue => _queue;

    /// <summary>How many messages the queue held when the browse began: it reads that many, then ends.</summary>
    public long Expected { get; }

    /// <summary>Starts consuming <paramref name="queue"/>, which held <paramref name="expected"/> messages when counted.</summary>
    internal static async Task<DeadLetterBrowse> OpenAsync(IConnection connection, string queue, long expected, CancellationToken cancellationToken)
    {
        var browse = new DeadLetterBrowse(connection, queue, expected);
        try
        {
            var channels = (int)Math.Max(1, (expected / PerChannel) + 1);
            for (var i = 0; i < channels; i++)
            {
                var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                await channel.BasicQosAsync(0, PerChannel, global: false, cancellationToken);
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += (_, delivery) => browse.ReceivedAsync(channel, delivery);
                browse._consumers.Add((channel, consumer));
            }

            await browse.ConsumeAsync(cancellationToken);
            return browse;
        }
        catch
        {
            await browse.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every message of the queue once, in the order delivered; each stays held until acked or the browse ends.</summary>
    public async IAsyncEnumerable<DeadLetter> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (long read = 0; read < Expected; read++)
        {
            if (!_buffer.Reader.TryRead(out var letter))
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                idle.CancelAfter(Idle);
                try
                {
                    letter = await _buffer.Reader.ReadAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Nothing more came: another reader holds the rest, or it was consumed since it was counted.
                    yield break;
                }
            }

            var buffered = Interlocked.Decrement(ref _buffered);
            if (_paused && buffered < ResumeBelow)
            {
                await ConsumeAsync(cancellationToken);
            }
            else if (!_paused && buffered > PauseAbove)
            {
                await PauseAsync(cancellationToken);
            }

            yield return letter;
        }
    }

    /// <summary>Removes a message from the queue for good (only after its replay was confirmed, or its archive written).</summary>
    public async Task AckAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        await letter.Channel.BasicAckAsync(letter.DeliveryTag, multiple: false, cancellationToken);
        Interlocked.Increment(ref _acked);
    }

    public async ValueTask DisposeAsync()
    {
        // Closing a channel returns every message it still holds to the queue.
        foreach (var (channel, _) in _consumers)
        {
            await channel.DisposeAsync();
        }

        await WaitForReturnedAsync();
    }

    private Task ReceivedAsync(IChannel channel, BasicDeliverEventArgs delivery)
    {
        _buffer.Writer.TryWrite(DeadLetter.From(_queue, channel, delivery.DeliveryTag, delivery.BasicProperties, delivery.Body));
        Interlocked.Increment(ref _buffered);
        return Task.CompletedTask;
    }

    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        foreach (var (channel, consumer) in _consumers)
        {
            _tags[channel] = await channel.BasicConsumeAsync(_queue, autoAck: false, consumer, cancellationToken);
        }

        _paused = false;
    }

    private async Task PauseAsync(CancellationToken cancellationToken)
    {
        // Messages already delivered stay held on their channel; a later consume on it gets only the ones not yet sent.
        foreach (var (channel, _) in _consumers)
        {
            await channel.BasicCancelAsync(_tags[channel], noWait: false, cancellationToken);
        }

        _paused = true;
    }

    /// <summary>
    /// A quorum queue takes returned messages back asynchronously; wait (a little) until they are ready again, so that
    /// whoever runs this and then counts the queue does not see them missing.
    /// </summary>
    private async Task WaitForReturnedAsync()
    {
        var returned = Expected - Interlocked.Read(ref _acked);
        if (returned <= 0 || !_connection.IsOpen)
        {
            return;
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (_connection.IsOpen && DateTime.UtcNow < deadline)
        {
            await using var channel = await _connection.CreateChannelAsync();
            try
            {
                if ((await channel.QueueDeclarePassiveAsync(_queue)).MessageCount >= returned)
                {
                    return;
                }
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                return;
            }

            await Task.Delay(50);
        }
    }
}

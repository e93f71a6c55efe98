using System.Runtime.CompilerServices;
using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Messaging.Operations.DeadLetters;

// One dead-letter queue read from start to end without removing anything: every message delivered stays unacknowledged (held) until it
// is acked where it was delivered (after a confirmed replay, or an archived purge), or returned to the queue, in its place, when the
// browse is disposed and its channels close.
//
// Consumed, not fetched one by one: a basic.get on a quorum queue is a round trip through its log (50,000 took 44 s), while a consumer
// is given credit for many at once (100,000 in under 2 s). A held message keeps its credit, so a consumer's prefetch is how many it can
// hold; when every consumer holds all it may, the browse opens one more (on a channel of its own), until the queue has delivered
// everything it held at the start. Pausing consumers instead (cancel, then consume again) would not do: RabbitMQ 3.10 took 35 s to
// resume a quorum-queue consumer on a channel holding 30,000.
public sealed class DeadLetterBrowse : IAsyncDisposable
{
    // Small, so that the client buffers little while its reader is slow (a replay waiting for confirms); measured on 100,000 dead letters,
    // 2,000 lists them as fast as 10,000 or 60,000 do, in less than half the memory of 60,000, and shows a page in a fifth of the time
    // (docs/benchmarks.md).
    private const ushort Prefetch = 2_000;

    // A message expected but not delivered within this was consumed by someone else meanwhile: the browse ends.
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(3);

    private readonly IConnection _connection;
    private readonly List<Slot> _slots = [];
    private readonly Dictionary<IChannel, Slot> _slotOf = [];
    private readonly Channel<DeadLetter> _buffer = System.Threading.Channels.Channel.CreateUnbounded<DeadLetter>(
        new UnboundedChannelOptions { SingleReader = true }
    );
    private long _delivered;
    private long _acked;

    private DeadLetterBrowse(IConnection connection, string queue, long expected)
    {
        _connection = connection;
        Queue = queue;
        Expected = expected;
    }

    public string Queue { get; }

    /// <summary>How many messages the queue held when the browse began: it reads that many, then ends.</summary>
    public long Expected { get; }

    internal static async Task<DeadLetterBrowse> OpenAsync(
        IConnection connection,
        string queue,
        long expected,
        CancellationToken cancellationToken
    )
    {
        var browse = new DeadLetterBrowse(connection, queue, expected);
        try
        {
            if (expected > 0)
            {
                await browse.AddConsumerAsync(cancellationToken);
            }

            return browse;
        }
        catch
        {
            await browse.DisposeAsync();
            throw;
        }
    }

    /// <summary>Each message once, in the order delivered; each stays held until acked or the browse ends.</summary>
    public async IAsyncEnumerable<DeadLetter> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (long read = 0; read < Expected; read++)
        {
            if (!_buffer.Reader.TryRead(out var letter))
            {
                if (Interlocked.Read(ref _delivered) < Expected && _slots.TrueForAll(s => s.Held >= Prefetch))
                {
                    // Every consumer holds all it may and the queue has more: one more consumer gets the next ones.
                    await AddConsumerAsync(cancellationToken);
                }

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

            yield return letter;
        }
    }

    /// <summary>Removes the message for good: only after its replay was confirmed, or its archive written.</summary>
    public async Task AckAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        await letter.Channel.BasicAckAsync(letter.DeliveryTag, multiple: false, cancellationToken);
        Interlocked.Increment(ref _slotOf[letter.Channel].Acked);
        Interlocked.Increment(ref _acked);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots)
        {
            // A quorum queue settles acks through its log, and a channel that closes with settles still on their way
            // gets those messages back as unacked (RabbitMQ 3.10 kept 41 of 66,666 replayed ones so). Cancelling the
            // consumer first waits for the queue, which has then applied every ack sent before it.
            if (Interlocked.Read(ref slot.Acked) > 0 && slot.Channel.IsOpen && slot.ConsumerTag is { } tag)
            {
                await slot.Channel.BasicCancelAsync(tag, noWait: false);
            }

            // Closing a channel returns every message it still holds to the queue.
            await slot.Channel.DisposeAsync();
        }

        await WaitForReturnedAsync();
    }

    private async Task AddConsumerAsync(CancellationToken cancellationToken)
    {
        var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var slot = new Slot(channel);
        _slots.Add(slot);
        _slotOf[channel] = slot;
        await channel.BasicQosAsync(0, Prefetch, global: false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            // Counted before the reader can see it: a reader that finds the buffer empty must know this consumer is full.
            Interlocked.Increment(ref slot.Delivered);
            Interlocked.Increment(ref _delivered);
            _buffer.Writer.TryWrite(DeadLetter.From(Queue, channel, delivery.DeliveryTag, delivery.BasicProperties, delivery.Body));
            return Task.CompletedTask;
        };
        slot.ConsumerTag = await channel.BasicConsumeAsync(Queue, autoAck: false, consumer, cancellationToken);
    }

    // A quorum queue takes returned messages back asynchronously; wait (a little) until they are ready again, so that whoever counts the
    // queue next does not see them missing.
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
                if ((await channel.QueueDeclarePassiveAsync(Queue)).MessageCount >= returned)
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

    private sealed class Slot(IChannel channel)
    {
        public long Delivered;
        public long Acked;

        public IChannel Channel { get; } = channel;

        public string? ConsumerTag { get; set; }

        public long Held => Interlocked.Read(ref Delivered) - Interlocked.Read(ref Acked);
    }
}

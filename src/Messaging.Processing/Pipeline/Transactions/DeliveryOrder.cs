using System.Runtime.CompilerServices;

namespace Messaging.Processing.Pipeline.Transactions;

// Which deliveries of each RabbitMQ consumer channel have not yet reached the group committer (or left their pipe without doing so).
// Messages are consumed concurrently, so a later delivery can overtake an earlier one on its way to the committer; the committer holds a
// message back while an earlier delivery of its channel is still on its way (for at most GroupCommitter's limit), which makes the first
// delivered copy of a business key the one applied, across batches as well as within one. RabbitMQ numbers a channel's deliveries 1, 2,
// 3…, so "every earlier delivery has left" is a low-water mark per channel.
//
// Keyed by the channel object, not the consumer tag: MassTransit learns the tag from consume-ok, and after a broker restart the first
// deliveries can overtake it and carry no tag (CI saw this). Weak keys let a closed channel's marks go with it, so reconnecting many
// times leaves nothing behind.
internal sealed class DeliveryOrder
{
    private readonly Lock _lock = new();
    private readonly ConditionalWeakTable<object, Deliveries> _channels = [];
    private TaskCompletionSource? _waiter;

    /// <summary>A delivery reached the committer, or left its pipe. Repeating it is harmless.</summary>
    public void Left(ChannelDelivery delivery)
    {
        if (delivery.Channel is not { } channel)
        {
            return;
        }

        var deliveryTag = delivery.Tag;
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            var deliveries = Of(channel);
            if (deliveryTag != deliveries.LowWater)
            {
                // Out of order: the mark moves only when the gap below closes, so nobody needs waking yet.
                if (deliveryTag > deliveries.LowWater)
                {
                    deliveries.LeftAbove.Add(deliveryTag);
                }

                return;
            }

            deliveries.LowWater++;
            while (deliveries.LeftAbove.Count > 0 && deliveries.LeftAbove.Remove(deliveries.LowWater))
            {
                deliveries.LowWater++;
            }

            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    public bool EarlierHaveLeft(object channel, ulong deliveryTag) => deliveryTag <= LowWaterOf(channel);

    /// <summary>The channel's first delivery tag that has not left: every delivery up to it may go ahead.</summary>
    public ulong LowWaterOf(object channel)
    {
        lock (_lock)
        {
            return Of(channel).LowWater;
        }
    }

    /// <summary>For deliveries stuck elsewhere (or never ours).</summary>
    public void StopWaitingBefore(object channel, ulong deliveryTag)
    {
        lock (_lock)
        {
            var deliveries = Of(channel);
            if (deliveries.LowWater < deliveryTag)
            {
                deliveries.LowWater = deliveryTag;
                deliveries.LeftAbove.RemoveWhere(t => t < deliveryTag);
                while (deliveries.LeftAbove.Remove(deliveries.LowWater))
                {
                    deliveries.LowWater++;
                }
            }
        }
    }

    /// <summary>Completes at the next <see cref="Left"/> that moves a low-water mark.</summary>
    public Task NextLeftAsync()
    {
        lock (_lock)
        {
            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiter.Task;
        }
    }

    private Deliveries Of(object channel) => _channels.GetValue(channel, _ => new Deliveries());

    private sealed class Deliveries
    {
        // RabbitMQ's tags start at 1.
        public ulong LowWater { get; set; } = 1;

        // Out of order: waiting for the gap below them to close.
        public SortedSet<ulong> LeftAbove { get; } = [];
    }
}

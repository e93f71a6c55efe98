namespace Messaging.Processing.Transactions;

/// <summary>
/// Which deliveries of each RabbitMQ consumer have not yet reached the group committer (or left their pipe without
/// doing so). Messages are consumed concurrently, so a later delivery can overtake an earlier one on its way to the
/// committer; the committer holds a message back while an earlier delivery of its consumer is still on its way (for
/// at most <see cref="GroupCommitter"/>'s limit), which makes the first delivered copy of a business key the one
/// applied, across batches as well as within one. RabbitMQ numbers a channel's deliveries 1, 2, 3… and every consumer
/// has its own channel and consumer tag, so "every earlier delivery has left" is a low-water mark per consumer tag.
/// </summary>
internal sealed class DeliveryOrder
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Deliveries> _consumers = new(StringComparer.Ordinal);
    private TaskCompletionSource? _waiter;

    /// <summary>A delivery reached the committer, or left its pipe. Repeating it is harmless.</summary>
    public void Left(string consumerTag, ulong deliveryTag)
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            var deliveries = Of(consumerTag);
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

    /// <summary>Whether every delivery before this one, on the same consumer, has left.</summary>
    public bool EarlierHaveLeft(string consumerTag, ulong deliveryTag) => deliveryTag <= LowWaterOf(consumerTag);

    /// <summary>The consumer's first delivery tag that has not left: every delivery up to it may go ahead.</summary>
    public ulong LowWaterOf(string consumerTag)
    {
        lock (_lock)
        {
            return Of(consumerTag).LowWater;
        }
    }

    /// <summary>Stops waiting for the deliveries before this one: they are stuck elsewhere (or were never ours).</summary>
    public void StopWaitingBefore(string consumerTag, ulong deliveryTag)
    {
        lock (_lock)
        {
            var deliveries = Of(consumerTag);
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

    private Deliveries Of(string consumerTag)
    {
        if (!_consumers.TryGetValue(consumerTag, out var deliveries))
        {
            _consumers[consumerTag] = deliveries = new Deliveries();
        }

        return deliveries;
    }

    private sealed class Deliveries
    {
        /// <summary>The first delivery tag that has not left yet (RabbitMQ's tags start at 1).</summary>
        public ulong LowWater { get; set; } = 1;

        /// <summary>Tags above the mark that have left: out of order, waiting for the gap below them to close.</summary>
        public SortedSet<ulong> LeftAbove { get; } = [];
    }
}

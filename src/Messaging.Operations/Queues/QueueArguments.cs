using Messaging.Operations.Partitions;

namespace Messaging.Operations.Queues;

// A consumed queue has an explicit delivery limit and at-least-once dead-lettering into its _error queue, so a message delivered too
// often (the consumer crashing while it is in flight) is parked there, never dropped: RabbitMQ 4.x otherwise applies a delivery limit
// of 20 with dead-lettering off, and drops it. A parked (_error, _skipped) queue has a limit no reading can reach, because browsing a
// queue counts as delivering its messages.
public static class QueueArguments
{
    public const string ErrorSuffix = "_error";
    public const string SkippedSuffix = "_skipped";

    public const string QueueType = "x-queue-type";
    public const string DeliveryLimit = "x-delivery-limit";
    public const string DeadLetterExchange = "x-dead-letter-exchange";
    public const string DeadLetterStrategy = "x-dead-letter-strategy";
    public const string Overflow = "x-overflow";
    public const string SingleActiveConsumer = "x-single-active-consumer";

    // Not -1: RabbitMQ 4 reads -1 as "no limit" but 3.x as a limit of nothing (dropped after one delivery). 2^31-1 is the largest value
    // both accept, and no browsing ever reaches it.
    public const int ParkedDeliveryLimit = int.MaxValue;

    /// <summary>Arguments a consumed queue carries besides its type, and a parked queue must not inherit.</summary>
    public static IReadOnlyList<string> DeadLetteringKeys { get; } = [DeliveryLimit, DeadLetterExchange, DeadLetterStrategy, Overflow];

    public static string ErrorQueueFor(string queue) => queue + ErrorSuffix;

    public static bool IsParked(string queue) =>
        queue.EndsWith(ErrorSuffix, StringComparison.Ordinal) || queue.EndsWith(SkippedSuffix, StringComparison.Ordinal);

    /// <summary>For a queue the processor (or an external fulfilment) consumes.</summary>
    public static Dictionary<string, object?> ForConsumed(string queue, int deliveryLimit)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [QueueType] = "quorum",
            [DeliveryLimit] = deliveryLimit,
            [DeadLetterExchange] = ErrorQueueFor(queue),
            // at-least-once: the broker keeps a message until its dead-letter queue confirmed it; it needs reject-publish.
            [DeadLetterStrategy] = "at-least-once",
            [Overflow] = "reject-publish",
        };
        if (LedgerPartitions.IsPartitionQueue(queue))
        {
            // One consumer at a time takes a partition, so one user's messages are applied in order; a standby processor of the same
            // partition waits for the active one's connection to end.
            arguments[SingleActiveConsumer] = true;
        }

        return arguments;
    }

    public static Dictionary<string, object?> ForParked() =>
        new(StringComparer.Ordinal) { [QueueType] = "quorum", [DeliveryLimit] = ParkedDeliveryLimit };
}

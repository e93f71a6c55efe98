using System.Globalization;
using Messaging.Operations.Endpoints;

namespace Messaging.Operations.Partitions;

// The one place that names a partition's queues and the exchanges that route to them. Producers keep publishing to the contract's
// exchange, with the partition key (the user id) as the routing key; that exchange fans out to a consistent-hash exchange, which keeps
// each key on one partition's queue (docs/scaling.md).
public static class LedgerPartitions
{
    public const int MaxPartitions = 1000;

    /// <summary>RabbitMQ's rabbitmq_consistent_hash_exchange plugin: it routes on a hash of the routing key.</summary>
    public const string ConsistentHashExchangeType = "x-consistent-hash";

    /// <summary>
    /// Every partition's binding weighs the same, so each takes an equal share of the keys. The weight is the partition's number of points
    /// on the hash ring: more points share the keys more evenly than one each would.
    /// </summary>
    public const string BindingWeight = "100";

    private const string Marker = "-p";

    // Only queues whose messages name the user they concern are partitioned; the others stay on one processor (docs/scaling.md).
    private static readonly Dictionary<LedgerEndpoint, string> PartitionExchanges = new()
    {
        [LedgerEndpoints.OrderCompleted] = "order-completed-partitions",
    };

    public static bool IsPartitioned(LedgerEndpoint endpoint) => PartitionExchanges.ContainsKey(endpoint);

    /// <summary>The consistent-hash exchange in front of <paramref name="endpoint"/>'s partition queues.</summary>
    public static string ExchangeOf(LedgerEndpoint endpoint) =>
        PartitionExchanges.TryGetValue(endpoint, out var exchange)
            ? exchange
            : throw new ArgumentException($"{endpoint.Queue} is not partitioned.", nameof(endpoint));

    /// <summary><c>ledger-order-completed-p007</c>: the queue of partition 7.</summary>
    public static string QueueOf(LedgerEndpoint endpoint, int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, MaxPartitions);
        _ = ExchangeOf(endpoint);
        return endpoint.Queue + Marker + partition.ToString("D3", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The queue operators name (to pause it, say) for a partition's queue: its endpoint's shared one. Any other queue is its own.
    /// </summary>
    public static string SharedQueueOf(string queue) => EndpointOf(queue)?.Queue ?? queue;

    /// <summary>A partition's queue (of any endpoint), not a shared one.</summary>
    public static bool IsPartitionQueue(string queue) => EndpointOf(queue) is { } endpoint && endpoint.Queue != queue;

    /// <summary>The endpoint a queue belongs to, a partition's queue included; null for a queue that is not the processor's.</summary>
    public static LedgerEndpoint? EndpointOf(string queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (LedgerEndpoints.ByQueue.TryGetValue(queue, out var endpoint))
        {
            return endpoint;
        }

        var marker = queue.LastIndexOf(Marker, StringComparison.Ordinal);
        return
            marker > 0
            && LedgerEndpoints.ByQueue.TryGetValue(queue[..marker], out var partitioned)
            && IsPartitioned(partitioned)
            && int.TryParse(queue.AsSpan(marker + Marker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            && QueueOf(partitioned, partition) == queue
            ? partitioned
            : null;
    }
}

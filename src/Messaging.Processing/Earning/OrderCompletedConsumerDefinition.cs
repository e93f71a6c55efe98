using Messaging.Operations.Endpoints;
using Messaging.Operations.Partitions;
using Messaging.Processing.Pipeline.Hosting;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Earning;

// Orders are partitioned by user when the processor serves one partition of a partitioned ledger (docs/scaling.md).
public sealed class OrderCompletedConsumerDefinition(IOptions<PartitionOptions> partitioning)
    : LedgerConsumerDefinition<OrderCompletedConsumer>(LedgerEndpoints.OrderCompleted, partition: partitioning.Value.Partition);

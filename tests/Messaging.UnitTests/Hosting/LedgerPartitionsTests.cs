using MassTransit;
using Messaging.Operations.Endpoints;
using Messaging.Operations.Partitions;
using Messaging.Operations.Queues;
using Messaging.Processing.Earning;
using Microsoft.Extensions.Options;

namespace Messaging.UnitTests.Hosting;

/// <summary>A partition's queues are named in one place, and every lookup by queue name knows them for their endpoint's.</summary>
public sealed class LedgerPartitionsTests
{
    [Fact]
    public void Should_name_a_partitions_queue_after_its_endpoint_and_number_when_asked()
    {
        Assert.Equal("ledger-order-completed-p007", LedgerPartitions.QueueOf(LedgerEndpoints.OrderCompleted, 7));
        Assert.Equal("ledger-order-completed-p999", LedgerPartitions.QueueOf(LedgerEndpoints.OrderCompleted, 999));
        Assert.Throws<ArgumentOutOfRangeException>(() => LedgerPartitions.QueueOf(LedgerEndpoints.OrderCompleted, 1000));
        Assert.Throws<ArgumentException>(() => LedgerPartitions.QueueOf(LedgerEndpoints.Redemptions, 0));
    }

    [Theory]
    [InlineData("ledger-order-completed-p000", "ledger-order-completed", true)]
    [InlineData("ledger-order-completed-p042", "ledger-order-completed", true)]
    [InlineData("ledger-order-completed", "ledger-order-completed", false)]
    [InlineData("ledger-redemptions", "ledger-redemptions", false)]
    public void Should_find_the_endpoint_of_a_partitions_queue_when_given_its_name(string queue, string endpointQueue, bool partition)
    {
        Assert.Equal(endpointQueue, LedgerPartitions.EndpointOf(queue)?.Queue);
        Assert.Equal(endpointQueue, LedgerPartitions.SharedQueueOf(queue));
        Assert.Equal(partition, LedgerPartitions.IsPartitionQueue(queue));
    }

    [Theory]
    [InlineData("ledger-order-completed-p7")]
    [InlineData("ledger-order-completed-p0007")]
    [InlineData("ledger-order-completed-p000_error")]
    [InlineData("ledger-redemptions-p000")]
    [InlineData("fulfilment-merch")]
    public void Should_not_take_a_queue_for_a_partitions_when_it_is_not_named_as_one(string queue)
    {
        Assert.Null(LedgerPartitions.EndpointOf(queue));
        Assert.Equal(queue, LedgerPartitions.SharedQueueOf(queue));
        Assert.False(LedgerPartitions.IsPartitionQueue(queue));
    }

    [Fact]
    public void Should_give_a_partitions_queue_a_single_active_consumer_and_the_shared_queue_none_when_declaring_them()
    {
        var partition = QueueArguments.ForConsumed("ledger-order-completed-p001", 20);
        var shared = QueueArguments.ForConsumed("ledger-order-completed", 20);

        Assert.Equal(true, partition[QueueArguments.SingleActiveConsumer]);
        Assert.False(shared.ContainsKey(QueueArguments.SingleActiveConsumer));
        Assert.Equal("ledger-order-completed-p001_error", partition[QueueArguments.DeadLetterExchange]);
    }

    [Fact]
    public void Should_consume_the_partitions_queue_instead_of_the_shared_one_when_the_processor_serves_a_partition()
    {
        var partitioned = new OrderCompletedConsumerDefinition(Options.Create(new PartitionOptions { Partition = 3 }));
        var shared = new OrderCompletedConsumerDefinition(Options.Create(new PartitionOptions()));

        Assert.Equal(
            "ledger-order-completed-p003",
            ((IConsumerDefinition)partitioned).GetEndpointName(DefaultEndpointNameFormatter.Instance)
        );
        Assert.Equal("ledger-order-completed", ((IConsumerDefinition)shared).GetEndpointName(DefaultEndpointNameFormatter.Instance));
    }
}

using Messaging.Processing.Pipeline.Transactions;
using Microsoft.Extensions.Options;

namespace Messaging.UnitTests.Transactions;

/// <summary>How the group committer forms a batch from what its consumers handed over (no database: only the selection).</summary>
public sealed class GroupCommitterBatchTests
{
    private readonly object _channel = new();

    [Fact]
    public void Should_take_the_earliest_deliveries_when_a_full_batch_leaves_the_rest_for_the_next()
    {
        var order = new DeliveryOrder();
        var committer = Committer(order, maxBatchSize: 2);

        // Handed over out of order, as concurrent consumers do; every one has reached the committer.
        var waiting = new List<CommitWorkItem>();
        foreach (var item in new[] { Item(3), Item(2), Item(1) })
        {
            order.Left(item.Delivery);
            GroupCommitter.AddInDeliveryOrder(waiting, item);
        }

        var batch = new List<CommitWorkItem>();
        committer.TakeReady(waiting, batch, []);

        Assert.Equal([1UL, 2UL], batch.Select(i => i.Delivery.Tag));
    }

    [Fact]
    public void Should_hold_back_a_delivery_whose_earlier_one_has_not_reached_the_committer()
    {
        var order = new DeliveryOrder();
        var committer = Committer(order, maxBatchSize: 10);
        var second = Item(2);
        order.Left(second.Delivery);

        var waiting = new List<CommitWorkItem> { second };
        var batch = new List<CommitWorkItem>();
        committer.TakeReady(waiting, batch, []);

        Assert.Empty(batch);
        Assert.Single(waiting);
    }

    // Only the delivery order and the options take part in forming a batch.
    private static GroupCommitter Committer(DeliveryOrder order, int maxBatchSize) =>
        new(null!, order, null!, null!, null!, Options.Create(new CommitOptions { MaxBatchSize = maxBatchSize }), null!, null!, null!);

    private LedgerWorkItem Item(ulong tag) =>
        new(null!, "OrderCompleted", Guid.NewGuid(), "order-completed", null!, _ => [], () => "{}", new ChannelDelivery(_channel, tag));
}

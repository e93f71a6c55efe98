using Messaging.Processing.Pipeline.Transactions;

namespace Messaging.UnitTests;

public sealed class DeliveryOrderTests
{
    // Stand-ins for two consumer channels: the order keys them by reference, whatever their tags.
    private readonly object a = new(),
        b = new(),
        c = new();

    [Fact]
    public void Should_hold_a_later_delivery_when_an_earlier_one_has_not_left()
    {
        var order = new DeliveryOrder();

        order.Left(new ChannelDelivery(c, 2));

        Assert.False(order.EarlierHaveLeft(c, 2));
        Assert.True(order.EarlierHaveLeft(c, 1));
        order.Left(new ChannelDelivery(c, 1));
        Assert.True(order.EarlierHaveLeft(c, 2));
        Assert.True(order.EarlierHaveLeft(c, 3));
        Assert.False(order.EarlierHaveLeft(c, 4));
    }

    [Fact]
    public void Should_count_each_channel_on_its_own_when_two_channels_have_the_same_tags()
    {
        var order = new DeliveryOrder();

        order.Left(new ChannelDelivery(a, 1));

        Assert.True(order.EarlierHaveLeft(a, 2));
        Assert.False(order.EarlierHaveLeft(b, 2));
    }

    [Fact]
    public void Should_move_past_a_stuck_delivery_when_told_to_stop_waiting()
    {
        var order = new DeliveryOrder();
        order.Left(new ChannelDelivery(c, 3));

        order.StopWaitingBefore(c, 2);

        Assert.True(order.EarlierHaveLeft(c, 2));
        Assert.False(order.EarlierHaveLeft(c, 4));
        order.Left(new ChannelDelivery(c, 2));
        Assert.True(order.EarlierHaveLeft(c, 4));
        order.Left(new ChannelDelivery(c, 1));
        Assert.True(order.EarlierHaveLeft(c, 4));
    }

    [Fact]
    public async Task Should_wake_a_waiting_committer_when_a_delivery_leaves()
    {
        var order = new DeliveryOrder();
        var next = order.NextLeftAsync();

        Assert.False(next.IsCompleted);
        order.Left(new ChannelDelivery(c, 1));

        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Should_ignore_a_delivery_that_did_not_come_from_a_channel()
    {
        var order = new DeliveryOrder();
        var next = order.NextLeftAsync();

        order.Left(default);

        Assert.False(next.IsCompleted);
        Assert.True(order.EarlierHaveLeft(c, 1));
    }
}

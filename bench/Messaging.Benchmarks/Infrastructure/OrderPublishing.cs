namespace Messaging.Benchmarks.Infrastructure;

internal static class OrderPublishing
{
    public const string OrderCompletedExchange = "order-completed";
    public const string PointsEarnedExchange = "points-earned";

    /// <summary>Publishes as fast as the confirm window allows, recording each message's publish time.</summary>
    public static async Task PublishAsync(ConfirmedPublisher publisher, OrderSpec[] specs, PhaseTracker tracker)
    {
        var occurredAt = DateTimeOffset.UtcNow;
        for (var i = 0; i < specs.Length; i++)
        {
            var body = specs[i].ToJson(occurredAt);
            var properties = Rabbit.JsonProperties(specs[i].MessageId);
            tracker.MarkPublished(specs[i].Index, Clock.Now);
            await publisher.PublishAsync(OrderCompletedExchange, properties, body);
        }
    }

    /// <summary>Publishes at a steady <paramref name="perSecond"/>, recording each message's publish time.</summary>
    public static async Task PublishPacedAsync(ConfirmedPublisher publisher, OrderSpec[] specs, PhaseTracker tracker, double perSecond)
    {
        var occurredAt = DateTimeOffset.UtcNow;
        var start = Clock.Now;
        var interval = Clock.FromSeconds(1 / perSecond);
        for (var i = 0; i < specs.Length; i++)
        {
            var due = start + (interval * i);
            while (Clock.Now < due)
            {
                if (due - Clock.Now > Clock.FromSeconds(0.002))
                {
                    await Task.Delay(1);
                }
                else
                {
                    Thread.Yield();
                }
            }

            var body = specs[i].ToJson(occurredAt);
            var properties = Rabbit.JsonProperties(specs[i].MessageId);
            tracker.MarkPublished(specs[i].Index, Clock.Now);
            await publisher.PublishAsync(OrderCompletedExchange, properties, body);
        }
    }
}

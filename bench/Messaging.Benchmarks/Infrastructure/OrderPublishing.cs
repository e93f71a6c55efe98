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

    /// <summary>
    /// Publishes at a steady <paramref name="perSecond"/>, recording each message's publish time. Sleeps in
    /// 2 ms steps and sends whatever is due at each wake-up (no spinning: the cores belong to the system under test).
    /// </summary>
    public static async Task PublishPacedAsync(ConfirmedPublisher publisher, OrderSpec[] specs, PhaseTracker tracker, double perSecond)
    {
        var occurredAt = DateTimeOffset.UtcNow;
        var start = Clock.Now;
        var next = 0;
        while (next < specs.Length)
        {
            var due = Math.Min(specs.Length, (long)(Clock.Seconds(start, Clock.Now) * perSecond) + 1);
            for (; next < due; next++)
            {
                var body = specs[next].ToJson(occurredAt);
                var properties = Rabbit.JsonProperties(specs[next].MessageId);
                tracker.MarkPublished(specs[next].Index, Clock.Now);
                await publisher.PublishAsync(OrderCompletedExchange, properties, body);
            }

            await Task.Delay(2);
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Messaging.Processing.Pipeline.Diagnostics;

namespace Messaging.IntegrationTests.Processing;

/// <summary>
/// Each journal entry keeps the trace id of the message that caused it, so an auditor can go from an entry to its trace. A
/// producer continues its own trace by sending its W3C <c>traceparent</c> value in the AMQP header MassTransit reads,
/// <c>MT-Activity-Id</c> (contracts/README.md).
/// </summary>
[Collection(ProcessingCollection.Name)]
public sealed class TraceIdTests(ServersFixture servers) : ProcessorTest(servers)
{
    [Fact]
    public async Task Should_store_on_the_entry_the_trace_id_of_the_consumed_message_continuing_the_producers_trace()
    {
        var consumed = new ConcurrentBag<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LedgerTracing.MassTransitSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => consumed.Add(activity.TraceId.ToHexString()),
        };
        ActivitySource.AddActivityListener(listener);
        var producersTrace = ActivityTraceId.CreateRandom().ToHexString();
        var traceparent = $"00-{producersTrace}-{ActivitySpanId.CreateRandom().ToHexString()}-01";

        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishBodyAsync(
                Orders.Exchange,
                Encoding.UTF8.GetBytes(Orders.Json("o-1", "tia", 10m)),
                Guid.NewGuid(),
                headers: new Dictionary<string, object?> { ["MT-Activity-Id"] = Encoding.UTF8.GetBytes(traceparent) }
            );
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:o-1") == 1,
                TimeSpan.FromSeconds(30),
                "the order applied"
            );
        }

        var stored = await Ledger.TextAsync("SELECT trace_id FROM journal_entries WHERE idempotency_key = 'order:o-1'");
        Assert.Equal(producersTrace, stored);
        Assert.Equal(
            producersTrace,
            (await new Messaging.Ledger.Queries.LedgerQueries(Servers.DataSource).EntryAsync("order:o-1", CancellationToken.None))!.TraceId
        );
        Assert.Contains(stored, consumed);
        Assert.Equal(
            0,
            await Ledger.ScalarAsync(
                $"SELECT count(*) FROM journal_entries WHERE source_message_id IS NOT NULL AND trace_id IS DISTINCT FROM '{stored}'"
            )
        );
    }

    [Fact]
    public async Task Should_continue_the_orders_trace_in_the_event_published_through_the_outbox()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is LedgerTracing.MassTransitSource or LedgerTracing.OutboxSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var producersTrace = ActivityTraceId.CreateRandom().ToHexString();
        var traceparent = $"00-{producersTrace}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
        var earned = await Broker.SubscribeAsync("points-earned");

        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishBodyAsync(
                Orders.Exchange,
                Encoding.UTF8.GetBytes(Orders.Json("o-2", "tom", 10m)),
                Guid.NewGuid(),
                headers: new Dictionary<string, object?> { ["MT-Activity-Id"] = Encoding.UTF8.GetBytes(traceparent) }
            );
            await Eventually.HoldsAsync(async () => await Broker.CountAsync(earned) == 1, TimeSpan.FromSeconds(30), "PointsEarned");
        }

        var delivered = Assert.Single(await Broker.DrainAsync(earned));
        var headerTrace = ActivityContext.Parse(delivered.Headers["traceparent"]!, null);
        Assert.Equal(producersTrace, headerTrace.TraceId.ToHexString());
        Assert.Equal(delivered.Headers["traceparent"], delivered.Headers["MT-Activity-Id"]);
        Assert.Equal(producersTrace, await Ledger.TextAsync("SELECT trace_id FROM journal_entries WHERE idempotency_key = 'order:o-2'"));

        // The publish span sits in the order's trace, under a span of the processor's that consumed the order, and is the header's parent.
        var publish = Assert.Single(spans, s => s.Source.Name == LedgerTracing.OutboxSource && s.TraceId.ToHexString() == producersTrace);
        Assert.Equal("points-earned publish", publish.DisplayName);
        Assert.Equal(publish.SpanId, headerTrace.SpanId);
        Assert.Contains(spans, s => s.Source.Name == LedgerTracing.MassTransitSource && s.SpanId == publish.ParentSpanId);
    }
}

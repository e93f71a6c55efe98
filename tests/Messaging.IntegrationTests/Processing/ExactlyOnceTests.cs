using System.Text.Json;
using Messaging.Processing.Pipeline.Inbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Messaging.IntegrationTests.Processing;

/// <summary>Duplicates, replays and conflicts against the real processor, RabbitMQ and PostgreSQL.</summary>
[Collection(ProcessingCollection.Name)]
public sealed class ExactlyOnceTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_apply_once_when_the_same_message_id_is_delivered_twice()
    {
        var events = await Broker.SubscribeAsync("points-earned");
        var messageId = Guid.NewGuid();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 40m), messageId);
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 40m), messageId);
            await WaitUntilConsumedAsync(() => Ledger.EntriesAsync("order:"), 1);
        }

        Assert.Equal(0u, await Broker.CountAsync(Orders.Queue));
        Assert.Equal(1, await Ledger.EntriesAsync("order:o-1"));
        Assert.Equal(190, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(1, await Ledger.InboxAsync());
        Assert.Single(await Broker.DrainAsync(events));
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    [Fact]
    public async Task Should_apply_once_when_the_same_order_arrives_under_a_new_message_id()
    {
        var events = await Broker.SubscribeAsync("points-earned");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 40m), Guid.NewGuid());
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 40m), Guid.NewGuid());
            await WaitUntilConsumedAsync(Ledger.InboxAsync, 2);
        }

        Assert.Equal(1, await Ledger.EntriesAsync("order:o-1"));
        Assert.Equal(190, await Ledger.BalanceAsync("u-1"));
        Assert.Single(await Broker.DrainAsync(events));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
    }

    [Fact]
    public async Task Should_apply_once_when_a_message_is_redelivered_after_the_inbox_window()
    {
        var messageId = Guid.NewGuid();
        await using (var processor = await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 40m), messageId);
            await WaitUntilConsumedAsync(() => Ledger.EntriesAsync("order:"), 1);

            // Age the inbox past its 7-day window and let the real cleanup remove it.
            await Ledger.ScalarAsync(
                "WITH aged AS (UPDATE inbox_state SET received_at = now() - interval '8 days' RETURNING 1) SELECT count(*) FROM aged"
            );
            var cleanup = processor.Services.GetServices<IHostedService>().OfType<InboxCleanupService>().Single();
            Assert.Equal(1, await cleanup.CleanupAsync(CancellationToken.None));
            Assert.Equal(0, await Ledger.InboxAsync());

            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 40m), messageId);
            await WaitUntilConsumedAsync(Ledger.InboxAsync, 1);
        }

        Assert.Equal(1, await Ledger.EntriesAsync("order:o-1"));
        Assert.Equal(190, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
    }

    [Fact]
    public async Task Should_refuse_with_a_conflict_reason_when_the_same_order_comes_with_a_different_amount()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 40m), Guid.NewGuid());
            await WaitUntilConsumedAsync(() => Ledger.EntriesAsync("order:"), 1);
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 55m), Guid.NewGuid());
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == 1,
                Timeout,
                "the conflicting order in the error queue"
            );
        }

        var dead = Assert.Single(await Broker.DrainAsync(Orders.ErrorQueue));
        Assert.Contains(
            "'order:o-1' was already applied with different content",
            dead.Headers["MT-Fault-Message"],
            StringComparison.Ordinal
        );
        Assert.Contains("\"amount\":55", dead.Body, StringComparison.Ordinal);
        Assert.Equal(1, await Ledger.EntriesAsync("order:o-1"));
        Assert.Equal(190, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(1, await Ledger.RefusalsAsync("idempotency_conflict"));
        Assert.Equal(1, await Ledger.InboxAsync());
    }

    [Fact]
    public async Task Should_apply_the_first_delivered_copy_when_two_copies_of_an_order_fall_into_one_batch()
    {
        const int orders = 50;
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            // Declares the queue, so the copies published next wait in it.
        }

        var firsts = new Dictionary<string, Guid>();
        var seconds = new Dictionary<string, Guid>();
        for (var i = 0; i < orders; i++)
        {
            firsts[$"o-{i}"] = Guid.NewGuid();
            seconds[$"o-{i}"] = Guid.NewGuid();
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json($"o-{i}", $"u-{i}", 10m), firsts[$"o-{i}"]);
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json($"o-{i}", $"u-{i}", 99m), seconds[$"o-{i}"]);
        }

        await using (await InProcessProcessor.StartAsync(Servers))
        {
            // Both: in one CI run all 50 refusals were in the error queue while 3 orders' entries were not yet readable here.
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == orders && await Ledger.EntriesAsync("order:") == orders,
                Timeout,
                "every order applied once and every second copy refused"
            );
        }

        // Every order earned from its first copy (10 points + 150 bonus), and every refusal is a second copy naming the first.
        Assert.Empty(
            await Ledger.RowsAsync(
                """
                SELECT f.user_id || ' holds ' || f.current_points || ' from ' || string_agg(e.idempotency_key || ' of message '
                    || e.source_message_id, ', ')
                FROM user_points f JOIN accounts a ON a.code = 'user:' || f.user_id || ':wallet'
                JOIN postings p ON p.account_id = a.id JOIN journal_entries e ON e.id = p.journal_entry_id
                WHERE f.current_points <> 160 GROUP BY f.user_id, f.current_points
                """
            )
        );
        var refused = await Broker.DrainAsync(Orders.ErrorQueue);
        Assert.Equal(seconds.Values.Select(id => id.ToString()).Order(), refused.Select(m => m.MessageId!).Order());
        Assert.All(refused, m =>
        {
            var order = JsonDocument.Parse(m.Body).RootElement.GetProperty("orderId").GetString()!;
            Assert.Contains($"from message {firsts[order]}", m.Headers["MT-Fault-Message"], StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("""{"orderId":"p-1","userId":"u-1","amount":10,"currency":"USD",""", "reached end of data")]
    [InlineData("""{"orderId":"p-1"}""", "userId is required")]
    [InlineData(
        """{"orderId":"p-1","userId":"u-1","amount":-5,"currency":"USD","occurredAt":"2026-11-21T10:00:00Z"}""",
        "/amount must be at least 0, got a number (-5)"
    )]
    [InlineData(
        """{"orderId":"p-1","userId":"u-1","amount":5,"currency":"XYZ","occurredAt":"2026-11-21T10:00:00Z"}""",
        "currency 'XYZ' is not configured"
    )]
    [InlineData(
        """{"orderId":"p-1","userId":"u-1","amount":10001,"currency":"USD","occurredAt":"2026-11-21T10:00:00Z"}""",
        "above the per-transaction cap of 10000"
    )]
    [InlineData(
        """{"orderId":"p-1","userId":"u-1","amount":"ten","currency":"USD","occurredAt":"2026-11-21T10:00:00Z"}""",
        "/amount must match the pattern ^(0|[1-9][0-9]{0,11})(\\.[0-9]+)?$ (for example \"12.50\"), got a string (\"ten\")"
    )]
    public async Task Should_dead_letter_with_a_readable_reason_and_change_nothing_when_the_message_is_poison(string json, string reason)
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, json, Guid.NewGuid());
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == 1,
                Timeout,
                "the poison message in the error queue"
            );
        }

        var dead = Assert.Single(await Broker.DrainAsync(Orders.ErrorQueue));
        Assert.Contains(reason, dead.Headers["MT-Fault-Message"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(json, dead.Body);
        Assert.Equal(0, await Ledger.EntriesAsync());
        Assert.Equal(0, await Ledger.InboxAsync());
        Assert.Equal(0u, await Broker.CountAsync(Orders.Queue));
    }

    [Fact]
    public async Task Should_dead_letter_a_message_without_a_message_id()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 40m), messageId: null);
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == 1,
                Timeout,
                "the message in the error queue"
            );
        }

        var dead = Assert.Single(await Broker.DrainAsync(Orders.ErrorQueue));
        Assert.Contains("no message id", dead.Headers["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Equal(0, await Ledger.EntriesAsync());
    }

    [Fact]
    public async Task Should_keep_every_balance_equal_to_its_postings_when_many_orders_for_one_user_arrive_at_once()
    {
        const int orders = 1000;
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Task.WhenAll(
                Enumerable
                    .Range(0, orders)
                    .Select(i =>
                        Broker.PublishJsonAsync(
                            Orders.Exchange,
                            Orders.Json($"o-{i}", i % 10 == 0 ? "u-hot" : $"u-{i % 7}", 10m + (i % 13)),
                            Guid.NewGuid()
                        )
                    )
            );
            await WaitUntilConsumedAsync(() => Ledger.EntriesAsync("order:"), orders);
        }

        var expectedHot = Enumerable.Range(0, orders).Where(i => i % 10 == 0).Sum(i => 10L + (i % 13)) + 150;
        Assert.Equal(expectedHot, await Ledger.BalanceAsync("u-hot"));
        Assert.Equal(await Ledger.PostingsSumAsync("u-hot"), await Ledger.BalanceAsync("u-hot"));
        Assert.Equal(8, await Ledger.EntriesOfTypeAsync("signup"));
        Assert.Empty(await Ledger.ViolationsAsync());
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
    }

    [Fact]
    public async Task Should_publish_points_earned_with_the_new_balance_through_the_outbox()
    {
        var events = await Broker.SubscribeAsync("points-earned");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 40m), Guid.NewGuid());
            await WaitUntilConsumedAsync(() => Ledger.EntriesAsync("order:"), 1);
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-2", "u-1", 12.75m), Guid.NewGuid());
            await WaitUntilConsumedAsync(() => Ledger.EntriesAsync("order:"), 2);
            await Eventually.HoldsAsync(async () => await Ledger.OutboxAsync() == 0, Timeout, "the outbox to empty");
        }

        var earned = (await Broker.DrainAsync(events)).Select(m => JsonDocument.Parse(m.Body).RootElement).ToList();
        Assert.Equal(2, earned.Count);
        var second = earned.Single(e => e.GetProperty("orderId").GetString() == "o-2");
        Assert.Equal(12, second.GetProperty("points").GetInt64());
        Assert.Equal(0, second.GetProperty("bonusPoints").GetInt64());
        Assert.Equal(202, second.GetProperty("balance").GetInt64());
        var first = earned.Single(e => e.GetProperty("orderId").GetString() == "o-1");
        Assert.Equal(150, first.GetProperty("bonusPoints").GetInt64());
    }

    /// <summary>
    /// Waits until the ledger shows the expected count and the queue has nothing left to deliver; the caller
    /// then stops the processor, which finishes (and acknowledges) whatever is in flight.
    /// </summary>
    private async Task WaitUntilConsumedAsync(Func<Task<long>> count, long expected)
    {
        await Eventually.HoldsAsync(
            async () => await count() >= expected && await Broker.CountAsync(Orders.Queue) == 0,
            Timeout,
            $"{expected} applied and the queue drained"
        );
        Assert.Equal(expected, await count());
    }
}

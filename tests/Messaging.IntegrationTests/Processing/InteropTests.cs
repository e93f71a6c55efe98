using System.Text.Json;
using MassTransit;
using Messaging.Contracts.Earning;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.IntegrationTests.Processing;

/// <summary>Producers in Python (Debian's python3-pika) and Node (amqplib), publishing plain JSON, get exactly what a .NET producer
/// gets.</summary>
[Collection(ProcessingCollection.Name)]
public sealed class InteropTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_apply_a_python_pika_order_exactly_like_a_dotnet_one()
    {
        var events = await Broker.SubscribeAsync("points-earned");
        await using (var processor = await InProcessProcessor.StartAsync(Servers))
        {
            var bus = processor.Services.GetRequiredService<IBus>();
            await bus.Publish(new OrderCompleted("dotnet-1", "u-dotnet", 42.50m, "USD", DateTimeOffset.UtcNow));
            var python = await ProducerScript.PythonAsync(
                Servers,
                "publish_order.py",
                "--order-id",
                "python-1",
                "--user-id",
                "u-python",
                "--amount",
                "42.50",
                "--currency",
                "USD"
            );
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:") == 2 && await Ledger.OutboxAsync() == 0,
                Timeout,
                $"both orders applied; python said:\n{python}"
            );
            Assert.Contains("message id:", python, StringComparison.Ordinal);
        }

        Assert.Equal(await Ledger.BalanceAsync("u-dotnet"), await Ledger.BalanceAsync("u-python"));
        Assert.Equal(192, await Ledger.BalanceAsync("u-python"));
        Assert.Equal(6, await Ledger.EntriesAsync());
        var earned = (await Broker.DrainAsync(events))
            .Select(m => JsonDocument.Parse(m.Body).RootElement)
            .ToDictionary(e => e.GetProperty("userId").GetString()!, e => e.GetProperty("balance").GetInt64());
        Assert.Equal(192, earned["u-dotnet"]);
        Assert.Equal(192, earned["u-python"]);
    }

    [Fact]
    public async Task Should_apply_each_order_of_a_node_producer_once_when_it_sends_duplicates_and_republishes()
    {
        const int orders = 20,
            duplicates = 5,
            republishes = 5;
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            var output = await ProducerScript.NodeAsync(
                Servers,
                "publish_orders.mjs",
                "--orders",
                $"{orders}",
                "--duplicates",
                $"{duplicates}",
                "--republishes",
                $"{republishes}"
            );
            var published = JsonDocument.Parse(output).RootElement;
            Assert.Equal(orders + duplicates + republishes, published.GetProperty("published").GetInt32());
            var ids = published
                .GetProperty("orders")
                .EnumerateArray()
                .Select(o => Guid.Parse(o.GetProperty("messageId").GetString()!))
                .ToArray();

            // Every distinct message consumed: the duplicates are the same ids, the re-publishes are 5 more under new ids.
            await Eventually.HoldsAsync(
                async () => await Ledger.InboxAsync() == orders + republishes && await Ledger.ConsumedAsync(ids) == orders,
                Timeout,
                $"every message of the node producer consumed; it said:\n{output}"
            );
        }

        Assert.Equal(orders, await Ledger.EntriesAsync("order:node-"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM ledger_refusals"));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Empty(await Ledger.ViolationsAsync());

        // Amounts 10.00, 11.25, … (every other one a decimal string): 1 point per USD, floored, plus each of the 3 users' signup and
        // first-order bonuses (100 + 50) once.
        var points = Enumerable.Range(0, orders).Sum(i => (long)Math.Floor(10m + i * 1.25m));
        var total = 0L;
        foreach (var user in new[] { "node-user-0", "node-user-1", "node-user-2" })
        {
            total += await Ledger.BalanceAsync(user);
        }

        Assert.Equal(points + (3 * 150), total);
    }
}

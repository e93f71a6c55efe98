using System.Text.Json;
using MassTransit;
using Messaging.Contracts.Earning;
using Messaging.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.IntegrationTests.Processing;

/// <summary>A Python producer (Debian's python3-pika, plain JSON) gets exactly what a .NET producer gets.</summary>
[Collection(ServersCollection.Name)]
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
            var python = await PythonScript.RunAsync(Servers, "publish_order.py", "--order-id", "python-1", "--user-id", "u-python", "--amount", "42.50", "--currency", "USD");
            await Eventually.HoldsAsync(async () => await Ledger.EntriesAsync("order:") == 2 && await Ledger.OutboxAsync() == 0, Timeout,
                $"both orders applied; python said:\n{python}");
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
}

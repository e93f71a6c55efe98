using System.Diagnostics;
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
            var python = await RunPythonProducerAsync("python-1", "u-python", "42.50");
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

    private async Task<string> RunPythonProducerAsync(string orderId, string userId, string amount)
    {
        var script = Path.Combine(RepositoryPaths.Root, "eng", "publish_order.py");
        // Debian's interpreter: the one on PATH may be a pyenv build that cannot see python3-pika.
        var start = new ProcessStartInfo("/usr/bin/python3", [script, "--order-id", orderId, "--user-id", userId, "--amount", amount, "--currency", "USD"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["LEDGER_MQ_HOST"] = TestSettings.RabbitHost;
        start.Environment["LEDGER_MQ_PORT"] = TestSettings.RabbitPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["LEDGER_MQ_VHOST"] = Servers.VirtualHost;
        start.Environment["LEDGER_MQ_USER"] = TestSettings.RabbitUser;
        start.Environment["LEDGER_MQ_PASSWORD"] = TestSettings.RabbitPassword;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"the python producer failed:\n{output}");
        return output;
    }
}

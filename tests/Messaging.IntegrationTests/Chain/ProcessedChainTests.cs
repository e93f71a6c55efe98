using System.Text.Json;
using Messaging.Admin;

namespace Messaging.IntegrationTests.Chain;

/// <summary>
/// Every entry the processor writes, as its own login and in its group commits (batches of many orders, their bonuses in statements of
/// their own), is linked into the hash chain.
/// </summary>
[Collection(ProcessingCollection.Name)]
public sealed class ProcessedChainTests(ServersFixture servers) : ProcessorTest(servers)
{
    [Fact]
    public async Task Should_link_every_entry_the_processor_writes_in_its_batches()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Task.WhenAll(
                Enumerable
                    .Range(0, 400)
                    .Select(i =>
                        Broker.PublishJsonAsync(Orders.Exchange, Orders.Json($"c-{i}", $"chain-user-{i % 37}", 10m + i), Guid.NewGuid())
                    )
            );
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:c-") == 400,
                TimeSpan.FromSeconds(60),
                "every order applied"
            );
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AdminApp.RunAsync(["audit", "--chain", "--json", "--connection", Servers.OperatorConnectionString], output, error);

        var chain = JsonDocument.Parse(output.ToString()).RootElement.GetProperty("chain");
        Assert.True(chain.GetProperty("intact").GetBoolean(), output.ToString());
        Assert.Equal(await Ledger.ScalarAsync("SELECT count(*) FROM journal_entries"), chain.GetProperty("links").GetInt64());
        Assert.True(code == ExitCodes.Ok, error.ToString() + output);
    }
}

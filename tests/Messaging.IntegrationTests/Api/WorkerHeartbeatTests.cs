using System.Net;
using System.Text.Json;
using Messaging.Api.Security;

namespace Messaging.IntegrationTests.Api;

/// <summary>
/// The API's readiness includes the processors' heartbeat (issue 28, item 2): Healthy while one beats, Unhealthy, naming the last one,
/// once none has for Api:Health:WorkerStaleAfter, although the outbox is empty either way.
/// </summary>
[Collection(OperatorsCollection.Name)]
public sealed class WorkerHeartbeatTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_be_unhealthy_soon_after_the_processor_stops_and_healthy_while_it_runs()
    {
        await using var api = await ApiHost.StartAsync(
            Servers,
            new Dictionary<string, string?> { ["Api:Health:WorkerStaleAfter"] = "00:00:03" }
        );
        using var viewer = api.Client(ApiRoles.Viewer);

        await using (
            await InProcessProcessor.StartAsync(Servers, new Dictionary<string, string?> { ["Health:HeartbeatInterval"] = "00:00:00.500" })
        )
        {
            await Eventually.HoldsAsync(
                async () => (await ProcessorCheckAsync(viewer)).Status == "Healthy",
                Timeout,
                "the processor's heartbeat seen"
            );
        }

        var stoppedAt = DateTimeOffset.UtcNow;
        await Eventually.HoldsAsync(
            async () => (await ProcessorCheckAsync(viewer)).Status == "Unhealthy",
            Timeout,
            "the stopped processor seen"
        );
        var (status, description, code) = await ProcessorCheckAsync(viewer);

        Assert.InRange(DateTimeOffset.UtcNow - stoppedAt, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal("Unhealthy", status);
        Assert.StartsWith("no processor has reported for", description, StringComparison.Ordinal);
        Assert.Contains("start it (`bash eng/run.sh`", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_say_no_processor_has_ever_reported_on_a_ledger_none_has_run_against()
    {
        await using (var forget = Servers.DataSource.CreateCommand("DELETE FROM worker_heartbeats"))
        {
            await forget.ExecuteNonQueryAsync();
        }

        await using var api = await ApiHost.StartAsync(Servers);
        using var viewer = api.Client(ApiRoles.Viewer);
        var (status, description, code) = await ProcessorCheckAsync(viewer);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal("Unhealthy", status);
        Assert.StartsWith("no processor has ever reported: start it (`bash eng/run.sh`", description, StringComparison.Ordinal);
    }

    private static async Task<(string? Status, string? Description, HttpStatusCode Code)> ProcessorCheckAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var check = JsonDocument
            .Parse(await response.Content.ReadAsStringAsync())
            .RootElement.GetProperty("checks")
            .EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "processor");
        return (check.GetProperty("status").GetString(), check.GetProperty("description").GetString(), response.StatusCode);
    }
}

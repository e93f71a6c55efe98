using System.Net;
using System.Text.Json;

namespace Messaging.FaultTests.Api;

/// <summary>
/// The API's readiness through a PostgreSQL outage: Unhealthy, saying which check failed, while the server is down, and
/// Healthy again by itself once it is back. The server is a container of the tests' own, so stopping it disturbs no
/// other test.
/// </summary>
[Collection(PostgresContainerCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class ApiReadinessTests(PostgresContainerFixture servers) : ProcessorTest(servers)
{
    private PostgresContainerFixture Database { get; } = servers;

    public override async Task DisposeAsync()
    {
        await Database.StartDatabaseAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Should_say_unhealthy_while_postgres_is_stopped_and_healthy_again_by_itself()
    {
        // No processor runs here: one said it was alive, and stays so for the test's length.
        await Messaging.Ledger.Operations.WorkerHeartbeats.BeatAsync(Servers.DataSource, "test", "test", DateTimeOffset.UtcNow, default);
        await using var api = await ApiHost.StartAsync(
            Servers,
            new Dictionary<string, string?> { ["Api:Health:WorkerStaleAfter"] = "01:00:00" }
        );
        using var client = api.Client(Messaging.Api.Security.ApiRoles.Viewer);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadinessAsync(client));

        await Database.StopDatabaseAsync();
        await Eventually.HoldsAsync(
            async () => await ReadinessAsync(client) == (HttpStatusCode.ServiceUnavailable, "Unhealthy"),
            TimeSpan.FromSeconds(30),
            "readiness Unhealthy while PostgreSQL is down"
        );
        using (var down = await client.GetAsync("/health/ready"))
        {
            var checks = JsonDocument
                .Parse(await down.Content.ReadAsStringAsync())
                .RootElement.GetProperty("checks")
                .EnumerateArray()
                .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
            Assert.Equal("Unhealthy", checks["postgresql"]);
        }

        using (var live = await client.GetAsync("/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        await Database.StartDatabaseAsync();
        await Eventually.HoldsAsync(
            async () => await ReadinessAsync(client) == (HttpStatusCode.OK, "Healthy"),
            TimeSpan.FromSeconds(60),
            "readiness Healthy again without a restart"
        );
    }

    private static async Task<(HttpStatusCode, string?)> ReadinessAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        return (
            response.StatusCode,
            JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString()
        );
    }
}

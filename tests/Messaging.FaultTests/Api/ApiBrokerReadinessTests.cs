using System.Net;
using System.Text.Json;

namespace Messaging.FaultTests.Api;

/// <summary>
/// The API's readiness through a broker outage: Unhealthy, naming the rabbitmq check, while RabbitMQ is stopped, and
/// Healthy again by itself once it is back. The broker is a container of the tests' own.
/// </summary>
[Collection(RabbitMq4Collection.Name)]
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class ApiBrokerReadinessTests(RabbitMq4Fixture servers) : ProcessorTest(servers)
{
    private RabbitMq4Fixture Container { get; } = servers;

    [Fact]
    public async Task Should_say_unhealthy_while_the_broker_is_stopped_and_healthy_again_by_itself()
    {
        // The container broker has eng/rabbitmq/users.tsv's users too: the fixture provisions them on its virtual host.
        await using var api = await ApiHost.StartAsync(Servers);
        using var client = api.Client(Messaging.Api.Security.ApiRoles.Viewer);
        Assert.Equal("Healthy", (await ChecksAsync(client))["rabbitmq"]);

        try
        {
            await Container.StopBrokerOnlyAsync();
            await Eventually.HoldsAsync(
                async () => (await ChecksAsync(client)).GetValueOrDefault("rabbitmq") == "Unhealthy",
                TimeSpan.FromSeconds(60),
                "readiness Unhealthy while the broker is down"
            );
            using var down = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        }
        finally
        {
            await Container.StartBrokerAgainAsync();
        }

        await Eventually.HoldsAsync(
            async () => (await ChecksAsync(client)).GetValueOrDefault("rabbitmq") == "Healthy",
            TimeSpan.FromSeconds(60),
            "readiness Healthy again without a restart"
        );
    }

    private static async Task<Dictionary<string, string?>> ChecksAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return JsonDocument
            .Parse(await response.Content.ReadAsStringAsync())
            .RootElement.GetProperty("checks")
            .EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
    }
}

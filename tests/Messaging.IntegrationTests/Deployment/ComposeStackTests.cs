using Messaging.IntegrationTests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Messaging.IntegrationTests.Deployment;

/// <summary>docker-compose.yml works as its comment says: an order published from the host is applied, and its balance is read back from the host.</summary>
public sealed class ComposeStackTests(ComposeStack stack, ITestOutputHelper output) : IClassFixture<ComposeStack>
{
    [Fact]
    public async Task Should_apply_an_order_published_from_the_host_and_answer_its_balance_from_the_host()
    {
        var rabbit = new RabbitEndpoint("127.0.0.1", stack.AmqpPort, stack.ManagementPort, "ledger", "ledger");
        using (var management = new RabbitManagement(rabbit))
        {
            // Running is not yet consuming: an order published before the processor has bound its queue would go nowhere.
            await Eventually.HoldsAsync(async () => await management.ConsumersAsync("ledger", Orders.Queue) > 0, TimeSpan.FromSeconds(60),
                "the stack's processor consuming its queue");
        }

        await using (var broker = await Broker.ConnectAsync(rabbit, "ledger"))
        {
            await broker.PublishJsonAsync(Orders.Exchange, Orders.Json("compose-1", "compose-user", 42.50m), Guid.NewGuid());
        }

        await using var database = NpgsqlDataSource.Create(
            $"Host=127.0.0.1;Port={stack.PostgresPort};Database=ledger;Username=ledger;Password=ledger;Pooling=false");
        long? balance = null;
        await Eventually.HoldsAsync(async () =>
        {
            await using var query = database.CreateCommand("SELECT current_points FROM user_points WHERE user_id = 'compose-user'");
            balance = (long?)await query.ExecuteScalarAsync();
            return balance is not null;
        }, TimeSpan.FromSeconds(60), "the order applied by the stack's processor");

        // 42 points for 42.50 (one per whole unit) and the 150-point first-order bonus.
        Assert.Equal(192, balance);
    }

    [Fact]
    public async Task Should_run_the_processor_with_its_own_least_privileged_users_on_both_servers()
    {
        var rabbit = new RabbitEndpoint("127.0.0.1", stack.AmqpPort, stack.ManagementPort, "ledger", "ledger");
        using var management = new RabbitManagement(rabbit);
        await Eventually.HoldsAsync(async () => await management.ConsumersAsync("ledger", Orders.Queue) > 0, TimeSpan.FromSeconds(60),
            "the stack's processor consuming its queue");

        var users = await management.UsersAsync();
        Assert.DoesNotContain("guest", users);
        Assert.Contains("ledger_admin", users);
        Assert.Contains("ledger_producer", users);
        Assert.All(await management.ConnectionUsersAsync(), user => Assert.Equal("ledger_processor", user));

        await using var database = NpgsqlDataSource.Create(
            $"Host=127.0.0.1;Port={stack.PostgresPort};Database=ledger;Username=ledger;Password=ledger;Pooling=false");
        await using var sessions = database.CreateCommand(
            "SELECT string_agg(DISTINCT usename, ',') FROM pg_stat_activity WHERE datname = 'ledger' AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
        Assert.Equal("ledger_processor", (string?)await sessions.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Should_publish_every_port_on_loopback_only()
    {
        var ports = await Shell.RunAsync("docker", ["ps", "--filter", $"label=com.docker.compose.project={stack.Project}", "--format", "{{.Names}} {{.Ports}}"],
            new Dictionary<string, string> { ["DOCKER_API_VERSION"] = "1.41" });
        ports.EnsureSuccess("docker ps");
        output.WriteLine(ports.Output);

        var published = ports.Output.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Where(p => p.Contains("->", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, published.Count);
        Assert.All(published, p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal));
    }
}

using Npgsql;
using Xunit.Abstractions;

namespace Messaging.FaultTests.Deployment;

/// <summary>docker-compose.yml works as its comment says: an order published from the host is applied, and its balance is read back from
/// the host.</summary>
[Trait(TestCategories.Key, TestCategories.Fault)]
public sealed class ComposeStackTests(ComposeStack stack, ITestOutputHelper output) : IClassFixture<ComposeStack>
{
    [Fact]
    public async Task Should_apply_an_order_published_from_the_host_and_answer_its_balance_from_the_host()
    {
        var rabbit = new RabbitEndpoint("127.0.0.1", stack.AmqpPort, stack.ManagementPort, "ledger", BrokerRoles.PasswordOf("ledger"));
        using (var management = new RabbitManagement(rabbit))
        {
            // Running is not yet consuming: an order published before the processor has bound its queue would go nowhere.
            await Eventually.HoldsAsync(
                async () => await management.ConsumersAsync("ledger", Orders.Queue) > 0,
                TimeSpan.FromSeconds(60),
                "the stack's processor consuming its queue"
            );
        }

        await using (var broker = await Broker.ConnectAsync(rabbit, "ledger"))
        {
            await broker.PublishJsonAsync(Orders.Exchange, Orders.Json("compose-1", "compose-user", 42.50m), Guid.NewGuid());
        }

        await using var database = NpgsqlDataSource.Create(
            $"Host=127.0.0.1;Port={stack.PostgresPort};Database=ledger;Username=ledger;Password={ComposeStack.OwnerPassword};Pooling=false"
        );
        long? balance = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                await using var query = database.CreateCommand("SELECT current_points FROM user_points WHERE user_id = 'compose-user'");
                balance = (long?)await query.ExecuteScalarAsync();
                return balance is not null;
            },
            TimeSpan.FromSeconds(60),
            "the order applied by the stack's processor"
        );

        // 42 points for 42.50 (one per whole unit) and the 150-point first-order bonus.
        Assert.Equal(192, balance);
    }

    [Fact]
    public async Task Should_run_the_processor_with_its_own_least_privileged_users_on_both_servers()
    {
        var rabbit = new RabbitEndpoint("127.0.0.1", stack.AmqpPort, stack.ManagementPort, "ledger", BrokerRoles.PasswordOf("ledger"));
        using var management = new RabbitManagement(rabbit);
        await Eventually.HoldsAsync(
            async () => await management.ConsumersAsync("ledger", Orders.Queue) > 0,
            TimeSpan.FromSeconds(60),
            "the stack's processor consuming its queue"
        );

        var users = await management.UsersAsync();
        Assert.DoesNotContain("guest", users);
        Assert.Contains("ledger_admin", users);
        Assert.Contains("ledger_orders", users);
        Assert.DoesNotContain("ledger_producer", users);
        // The processor as ledger_processor; the API, when connected, as ledger_admin (commands) or ledger_dlq (dead letters); never the
        // administrator.
        var connected = await management.ConnectionUsersAsync();
        Assert.Contains("ledger_processor", connected);
        Assert.All(connected, user => Assert.Contains(user, new[] { "ledger_processor", "ledger_admin", "ledger_dlq" }));

        await using var database = NpgsqlDataSource.Create(
            $"Host=127.0.0.1;Port={stack.PostgresPort};Database=ledger;Username=ledger;Password={ComposeStack.OwnerPassword};Pooling=false"
        );
        await using var sessions = database.CreateCommand(
            "SELECT string_agg(DISTINCT usename, ',') FROM pg_stat_activity WHERE datname = 'ledger' "
                + "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        );
        // The processor as ledger_processor, the API as ledger_readonly and ledger_http: nobody as the schema's owner.
        var logins = ((string?)await sessions.ExecuteScalarAsync() ?? "").Split(',');
        Assert.Contains("ledger_processor", logins);
        Assert.All(logins, login => Assert.Contains(login, new[] { "ledger_processor", "ledger_readonly", "ledger_http" }));

        // Each long-running process holds only its own secrets: no owner's or operator's login, no other process's password.
        var processor = await ContainerEnvironmentAsync("processor");
        var api = await ContainerEnvironmentAsync("api");
        Assert.DoesNotContain(processor, v =>
            v.StartsWith("ConnectionStrings__LedgerOwner=", StringComparison.Ordinal)
            || v.StartsWith("ConnectionStrings__LedgerOperator=", StringComparison.Ordinal)
        );
        Assert.DoesNotContain(api, v =>
            v.StartsWith("ConnectionStrings__LedgerOwner=", StringComparison.Ordinal)
            || v.StartsWith("ConnectionStrings__Ledger=", StringComparison.Ordinal)
        );
        Assert.DoesNotContain(processor.Concat(api), v =>
            v.Contains("Password=ledger;", StringComparison.Ordinal)
            || v.EndsWith("Password=ledger", StringComparison.Ordinal)
            || v.EndsWith("__Password=ledger", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task Should_report_the_processor_and_the_api_healthy_through_their_own_readiness()
    {
        // docker's health status comes from each container's health check: Messaging.Worker probe on its /health/ready.
        foreach (var service in new[] { "processor", "api" })
        {
            string? status = null;
            await Eventually.HoldsAsync(
                async () => (status = await ContainerHealthAsync(service)) == "healthy",
                TimeSpan.FromSeconds(120),
                $"the {service} container healthy"
            );
            Assert.Equal("healthy", status);
        }
    }

    private async Task<string> ContainerHealthAsync(string service)
    {
        var health = await Shell.RunAsync(
            "docker",
            ["inspect", "-f", "{{.State.Health.Status}}", await ContainerIdAsync(service)],
            new Dictionary<string, string> { ["DOCKER_API_VERSION"] = "1.41" }
        );
        return health.EnsureSuccess("docker inspect").StandardOutput.Trim();
    }

    private async Task<string> ContainerIdAsync(string service)
    {
        var inspected = await Shell.RunAsync(
            "docker",
            [
                "ps",
                "-q",
                "--filter",
                $"label=com.docker.compose.project={stack.Project}",
                "--filter",
                $"label=com.docker.compose.service={service}",
            ],
            new Dictionary<string, string> { ["DOCKER_API_VERSION"] = "1.41" }
        );
        return inspected.EnsureSuccess("docker ps").StandardOutput.Trim();
    }

    private async Task<IReadOnlyList<string>> ContainerEnvironmentAsync(string service)
    {
        var id = await ContainerIdAsync(service);
        var environment = await Shell.RunAsync(
            "docker",
            ["inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}", id],
            new Dictionary<string, string> { ["DOCKER_API_VERSION"] = "1.41" }
        );
        return environment.EnsureSuccess("docker inspect").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Should_publish_every_port_on_loopback_only()
    {
        var ports = await Shell.RunAsync(
            "docker",
            ["ps", "--filter", $"label=com.docker.compose.project={stack.Project}", "--format", "{{.Names}} {{.Ports}}"],
            new Dictionary<string, string> { ["DOCKER_API_VERSION"] = "1.41" }
        );
        ports.EnsureSuccess("docker ps");
        output.WriteLine(ports.Output);

        var published = ports
            .Output.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.Contains("->", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(4, published.Count);
        Assert.All(published, p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_serve_the_api_ready_with_its_key_and_refuse_a_token_signed_with_any_other()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{stack.ApiPort}") };
        await Eventually.HoldsAsync(
            async () =>
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                return ready.StatusCode == System.Net.HttpStatusCode.OK;
            },
            TimeSpan.FromSeconds(60),
            "the stack's API ready"
        );

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/summary");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer",
            Messaging.Api.Security.ApiTokens.Mint(
                new Messaging.Api.Security.JwtOptions { SigningKey = stack.ApiSigningKey },
                "compose-test",
                "viewer",
                TimeSpan.FromMinutes(5),
                DateTimeOffset.UtcNow
            )
        );
        using var summary = await http.SendAsync(request);
        Assert.True(summary.IsSuccessStatusCode, $"{(int)summary.StatusCode}: {await summary.Content.ReadAsStringAsync()}");

        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/v1/summary");
        forged.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer",
            Messaging.Api.Security.ApiTokens.Mint(
                new Messaging.Api.Security.JwtOptions { SigningKey = "another-key-that-is-long-enough-0123456789" },
                "mallory",
                "admin",
                TimeSpan.FromMinutes(5),
                DateTimeOffset.UtcNow
            )
        );
        using var refused = await http.SendAsync(forged);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messaging.Admin;
using Messaging.Api.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Messaging.IntegrationTests.Incidents;

/// <summary>
/// Pausing and resuming a message type against the real servers and a running processor: while paused its messages wait
/// in their queue (none applied, none lost) and readiness says Degraded with who paused it and why; once resumed they apply.
/// </summary>
[Collection(OperatorsCollection.Name)]
public sealed class PauseTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_hold_orders_in_their_queue_while_paused_say_so_in_readiness_and_apply_them_once_resumed()
    {
        await using var processor = await InProcessProcessor.StartAsync(Servers);
        await using var api = await ApiHost.StartAsync(Servers);
        using var anonymous = api.Client();
        using var viewer = api.Client(ApiRoles.Viewer);

        var (code, output, error) = await RunAsync("pause", "OrderCompleted", "--reason", "incident 42: wrong points per unit");
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("paused OrderCompleted", output, StringComparison.Ordinal);
        await Eventually.HoldsAsync(
            async () => await Broker.ConsumersAsync(Orders.Queue) == 0,
            Timeout,
            "the processor stopped consuming orders"
        );

        await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("p-1", "u-1", 10m), Guid.NewGuid());
        await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("p-2", "u-1", 10m), Guid.NewGuid());
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(2u, await Broker.CountAsync(Orders.Queue));
        Assert.Equal(0, await Ledger.EntriesAsync("order:"));

        // Anyone may see that something is wrong; only a caller with a token sees who paused what and why.
        var seenByAnyone = await ReadinessAsync(anonymous);
        Assert.Equal("Degraded", seenByAnyone.GetProperty("status").GetString());
        Assert.False(seenByAnyone.TryGetProperty("checks", out _));
        var ready = await ReadinessAsync(viewer);
        Assert.Equal("Degraded", ready.GetProperty("status").GetString());
        var pauses = ready.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "pauses");
        Assert.Contains("OrderCompleted by tester", pauses.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("incident 42", pauses.GetProperty("description").GetString(), StringComparison.Ordinal);

        // The processor's own readiness (the worker serves it on Health:Port) says the same: Degraded, not Unhealthy.
        var processorHealth = processor.Services.GetRequiredService<HealthCheckService>();
        var processorReady = await processorHealth.CheckHealthAsync(c =>
            c.Tags.Contains(Messaging.Processing.Pipeline.Hosting.ProcessorHealth.ReadyTag)
        );
        Assert.Equal(HealthStatus.Degraded, processorReady.Status);
        Assert.Equal(
            "paused by an operator: ledger-order-completed; their messages wait in their queues until resumed (`ledger resume TYPE`)",
            processorReady.Entries["endpoints"].Description
        );

        var (_, listed, _) = await RunAsync("paused", "--json");
        Assert.Equal(
            "ledger-order-completed",
            JsonDocument.Parse(listed).RootElement.GetProperty("paused")[0].GetProperty("queue").GetString()
        );
        var (again, againOutput, _) = await RunAsync("pause", "ledger-order-completed", "--reason", "twice");
        Assert.Equal(ExitCodes.Ok, again);
        Assert.Contains("was paused already", againOutput, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, (await RunAsync("resume", "OrderCompleted")).Code);
        await Eventually.HoldsAsync(
            async () => await Ledger.EntriesAsync("order:") == 2 && await Broker.CountAsync(Orders.Queue) == 0,
            Timeout,
            "the held orders applied once resumed"
        );
        Assert.Equal("Healthy", (await ReadinessAsync(anonymous)).GetProperty("status").GetString());
        Assert.Equal(
            HealthStatus.Healthy,
            (
                await processorHealth.CheckHealthAsync(c => c.Tags.Contains(Messaging.Processing.Pipeline.Hosting.ProcessorHealth.ReadyTag))
            ).Status
        );
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'pause'"));
        Assert.Equal(1, await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'resume'"));
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_let_operators_pause_over_http_and_refuse_an_unknown_type_with_the_known_ones()
    {
        await using var api = await ApiHost.StartAsync(Servers);
        using var viewer = api.Client(ApiRoles.Viewer);
        using var olga = api.Client(ApiRoles.Operator, "olga");

        using (var forbidden = await viewer.PostAsJsonAsync("/api/v1/pauses", new { messageType = "EventAttended", reason = "x" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using (var unknown = await olga.PostAsJsonAsync("/api/v1/pauses", new { messageType = "OrderShipped", reason = "x" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("EventAttended (ledger-attendance)", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (
            var paused = await olga.PostAsJsonAsync("/api/v1/pauses", new { messageType = "EventAttended", reason = "replaying last week" })
        )
        {
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        }

        var list = JsonDocument
            .Parse(await olga.GetStringAsync(new Uri("/api/v1/pauses", UriKind.Relative)))
            .RootElement.GetProperty("paused");
        Assert.Equal("api:olga", Assert.Single(list.EnumerateArray()).GetProperty("pausedBy").GetString());
        using (var resumed = await olga.DeleteAsync(new Uri("/api/v1/pauses/EventAttended", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        }

        Assert.Equal(
            0,
            JsonDocument
                .Parse(await olga.GetStringAsync(new Uri("/api/v1/pauses", UriKind.Relative)))
                .RootElement.GetProperty("paused")
                .GetArrayLength()
        );
        var (code, _, error) = await RunAsync("pause", "OrderShipped", "--reason", "x");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("is no message type this processor consumes", error, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ReadinessAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => OperatorCli.RunAsync(Servers, args);
}

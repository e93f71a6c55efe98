namespace Messaging.IntegrationTests.Processing;

/// <summary>The real worker process at its edges: what it logs for refused messages, and what it does when a neighbour is down.</summary>
[Collection(EdgesCollection.Name)]
public sealed class WorkerEdgeTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Should_log_each_refused_message_as_one_warning_line_without_a_stack_trace_and_count_them_by_reason()
    {
        const int refused = 20;
        await using var worker = await ProcessorProcess.StartedAsync(Servers, crashPoint: null, Timeout);
        for (var i = 0; i < refused; i++)
        {
            await Broker.PublishJsonAsync(
                Orders.Exchange,
                Orders.Json($"log-{i}", "u-1", 10m, "XYZ"),
                Guid.NewGuid(),
                userId: BrokerRoles.Orders
            );
        }

        await Eventually.HoldsAsync(
            async () => await Broker.CountAsync(Orders.ErrorQueue) == refused,
            Timeout,
            "the refused orders parked"
        );
        await Eventually.HoldsAsync(
            () => Task.FromResult(worker.Output.Contains("Refused 20 message(s) in the last 10 s", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            "the summary line of refusals"
        );

        var lines = worker.Output.Split('\n');
        Assert.Equal(
            refused,
            lines.Count(l => l.Contains("WRN", StringComparison.Ordinal) && l.Contains("RefusalLog: Refused ", StringComparison.Ordinal))
        );
        Assert.DoesNotContain(lines, l => l.Contains("R-FAULT", StringComparison.Ordinal) || l.Contains("ERR]", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l =>
            l.TrimStart().StartsWith("at Messaging.", StringComparison.Ordinal)
            || l.TrimStart().StartsWith("at MassTransit.", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task Should_keep_running_and_warn_when_an_external_fulfilment_queue_has_no_consumer()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "hoodie", 400, fulfilmentKind: "merch");
        await RedemptionMessages.CreditAsync(Servers.DataSource, "u-1", 1000);
        var healthPort = LoopbackPorts.Free();
        await using var worker = await ProcessorProcess.StartedAsync(
            Servers,
            crashPoint: null,
            Timeout,
            new Dictionary<string, string?> { ["Endpoints:ReconnectDeadline"] = "00:00:05", ["Health:Port"] = $"{healthPort}" }
        );
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{healthPort}") };
        await Broker.RequestAsync(Guid.NewGuid(), "u-1", "hoodie");
        await Eventually.HoldsAsync(
            async () => await Ledger.HeldAsync("u-1") == 400,
            Timeout,
            "the points held while the fulfilment is away"
        );

        // The watchdog asks the broker every 10 s; with a 5 s deadline, it would have exited by now for a queue of its own.
        await Eventually.HoldsAsync(
            () =>
                Task.FromResult(
                    worker.Output.Contains("Queue fulfilment-merch has had no consumer since", StringComparison.Ordinal) || worker.HasExited
                ),
            TimeSpan.FromSeconds(40),
            "the warning about the fulfilment's queue"
        );
        await Task.Delay(TimeSpan.FromSeconds(12));
        Assert.False(worker.HasExited, $"the worker exited with {(worker.HasExited ? worker.ExitCode : 0)}:\n{worker.Output}");
        Assert.Contains(
            "WRN",
            worker.Output.Split('\n').First(l => l.Contains("Queue fulfilment-merch has had no consumer since", StringComparison.Ordinal)),
            StringComparison.Ordinal
        );

        // Readiness says so, with the queue and since when: Degraded (200), not Unhealthy; the process itself is live.
        using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        var report = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        var neighbours = report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "neighbours");
        Assert.Equal("Degraded", neighbours.GetProperty("status").GetString());
        Assert.Contains(
            "fulfilment-merch has had no consumer since",
            neighbours.GetProperty("description").GetString(),
            StringComparison.Ordinal
        );
        var since = DateTimeOffset.Parse(
            neighbours.GetProperty("data").GetProperty("fulfilment-merch").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture
        );
        Assert.InRange(DateTimeOffset.UtcNow - since, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2));
        Assert.All(report.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("name").GetString() != "neighbours"), c =>
            Assert.True(c.GetProperty("status").GetString() == "Healthy", body)
        );
        using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
    }
}

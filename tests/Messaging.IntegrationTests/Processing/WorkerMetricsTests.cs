namespace Messaging.IntegrationTests.Processing;

/// <summary>The processor's own Prometheus endpoint (Metrics:Port): outcomes by message type, the reconciliation gauge, dead-letter
/// depths.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class WorkerMetricsTests(ServersFixture servers) : ProcessorTest(servers)
{
    [Fact]
    public async Task Should_count_outcomes_by_message_type_read_zero_reconciliation_breaches_and_the_dead_letter_depth()
    {
        var port = LoopbackPorts.Free();
        var settings = new Dictionary<string, string?>
        {
            ["Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Reconciliation:Interval"] = "00:00:00.200",
        };
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var messageId = Guid.NewGuid();
        await using (await InProcessProcessor.StartAsync(Servers, settings))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "mia", 10m), messageId);
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "mia", 10m), Guid.NewGuid());
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-2", "mia", 10m, "XYZ"), Guid.NewGuid());
            await Eventually.HoldsAsync(
                async () =>
                {
                    var scrape = await http.GetStringAsync("/metrics");
                    return Value(scrape, "ledger_messages_total", "message_type=\"OrderCompleted\",outcome=\"applied\"") == 1
                        && Value(scrape, "ledger_messages_total", "message_type=\"OrderCompleted\",outcome=\"duplicate\"") == 1
                        && Value(scrape, "ledger_reconciliation_breaches", "check=\"balance_differs_from_postings\"") == 0
                        && Value(scrape, "ledger_deadletters_depth", $"queue=\"{Orders.ErrorQueue}\"") == 1;
                },
                TimeSpan.FromSeconds(45),
                "the counters, the reconciliation gauge and the dead-letter depth on the worker's /metrics"
            );
        }
    }

    [Fact]
    public async Task Should_count_allocations_and_clawbacks_by_tenant_and_show_each_pools_balance()
    {
        await Ledger.RegisterTenantAsync("acme");
        await Ledger.RegisterTenantAsync("globex");
        var port = LoopbackPorts.Free();
        var settings = new Dictionary<string, string?>
        {
            ["Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await using (await InProcessProcessor.StartAsync(Servers, settings))
        {
            await AsAdminAsync("allocate-to-tenant", TenantMessages.Allocation("m-1", "acme", 5000));
            await AsAdminAsync("allocate-to-tenant", TenantMessages.Allocation("m-2", "acme", 700));
            // A repeat, acknowledged without effect: counted once.
            await AsAdminAsync("allocate-to-tenant", TenantMessages.Allocation("m-2", "acme", 700));
            await AsAdminAsync("allocate-to-tenant", TenantMessages.Allocation("m-3", "globex", 300));
            await Eventually.HoldsAsync(async () => await Ledger.InboxAsync() == 4, TimeSpan.FromSeconds(30), "the allocations consumed");
            await AsAdminAsync("clawback-from-tenant", TenantMessages.Clawback("k-1", "acme", 1200));
            string scrape = "";
            await Eventually.HoldsAsync(
                async () =>
                {
                    scrape = await http.GetStringAsync("/metrics");
                    return Value(scrape, "ledger_tenant_pool_balance", "tenant=\"acme\"") == 4500
                        && Value(scrape, "ledger_tenant_clawed_back_total", "tenant=\"acme\"") == 1200;
                },
                TimeSpan.FromSeconds(45),
                "the clawback applied and the acme pool's gauge at 4500"
            );

            Assert.Equal(2, Value(scrape, "ledger_tenant_allocations_total", "tenant=\"acme\""));
            Assert.Equal(5700, Value(scrape, "ledger_tenant_allocated_total", "tenant=\"acme\""));
            Assert.Equal(1, Value(scrape, "ledger_tenant_allocations_total", "tenant=\"globex\""));
            Assert.Equal(300, Value(scrape, "ledger_tenant_pool_balance", "tenant=\"globex\""));
            Assert.Equal(1, Value(scrape, "ledger_tenant_clawbacks_total", "tenant=\"acme\""));
        }
    }

    // Minting commands go out as the admins' broker user, as only they may publish them.
    private Task AsAdminAsync(string exchange, string json) =>
        Broker.PublishJsonAsync(exchange, json, Guid.NewGuid(), userId: BrokerRoles.Admin);

    /// <summary>A sample's value in a Prometheus scrape (its labels in any position), or -1 when absent.</summary>
    private static double Value(string scrape, string name, string labels) =>
        scrape
            .Split('\n')
            .FirstOrDefault(l =>
                l.StartsWith(name + "{", StringComparison.Ordinal)
                && labels.Split(',').All(label => l.Contains(label, StringComparison.Ordinal))
            )
            is { } line
            ? double.Parse(
                line[(line.IndexOf("} ", StringComparison.Ordinal) + 2)..].Split(' ')[0],
                System.Globalization.CultureInfo.InvariantCulture
            )
            : -1;
}

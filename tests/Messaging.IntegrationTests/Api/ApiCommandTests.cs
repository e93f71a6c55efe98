using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messaging.Api.Security;

namespace Messaging.IntegrationTests.Api;

/// <summary>
/// Allocations through the HTTP API, against the real servers and processor: accepted only from admins, checked by the
/// processor's own schema, queued with the operator log's record, published through the API's outbox and applied once;
/// after an API that could not deliver is stopped and started again, delivered once.
/// </summary>
[Collection(OperatorsCollection.Name)]
public sealed class ApiCommandTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_queue_an_admins_allocation_record_who_asked_and_apply_it_once_however_often_it_is_sent()
    {
        await Ledger.RegisterTenantAsync("acme");
        var allocated = await Broker.SubscribeAsync("tenant-allocated");
        await using (await InProcessProcessor.StartAsync(Servers))
        await using (var api = await ApiHost.StartAsync(Servers))
        {
            using var admin = api.Client(ApiRoles.Admin, "ada");
            using var first = await admin.PostAsJsonAsync(
                "/api/v1/tenants/acme/allocations",
                new
                {
                    allocationId = "a-1",
                    points = 1000,
                    referenceNote = "invoice 42",
                }
            );
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            Assert.Equal(
                "queued",
                JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString()
            );
            using var again = await admin.PostAsJsonAsync(
                "/api/v1/tenants/acme/allocations",
                new
                {
                    allocationId = "a-1",
                    points = 1000,
                    referenceNote = "invoice 42",
                }
            );
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);

            await Eventually.HoldsAsync(
                async () =>
                    await Ledger.PoolAsync("acme") == 1000
                    && await Ledger.ScalarAsync("SELECT count(*) FROM api_outbox WHERE sent_at IS NULL") == 0,
                Timeout,
                "the allocation applied and both copies sent"
            );
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1000, await Ledger.PoolAsync("acme"));
        Assert.Equal(1, await Ledger.EntriesAsync("allocation:a-1"));
        Assert.Equal(
            2,
            await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE operator = 'api:ada' AND action = 'allocate'")
        );
        Assert.Equal(
            "api:ada",
            await Ledger.TextAsync("SELECT metadata->>'RequestedBy' FROM journal_entries WHERE idempotency_key = 'allocation:a-1'")
        );
        Assert.Single(await Broker.DrainAsync(allocated));
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_refuse_a_viewer_a_bad_command_an_unknown_tenant_and_an_admin_past_the_hourly_limit()
    {
        await Ledger.RegisterTenantAsync("acme");
        await using var api = await ApiHost.StartAsync(
            Servers,
            new Dictionary<string, string?> { ["Api:RateLimits:AllocationsPerHour"] = "2" }
        );
        using var viewer = api.Client(ApiRoles.Viewer);
        using var admin = api.Client(ApiRoles.Admin, "ada");

        using (var forbidden = await viewer.PostAsJsonAsync("/api/v1/tenants/acme/allocations", new { points = 10 }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using (var zero = await admin.PostAsJsonAsync("/api/v1/tenants/acme/allocations", new { points = 0, referenceNote = "x" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
            Assert.Contains("/points", await DetailAsync(zero), StringComparison.Ordinal);
        }

        using (var unknown = await admin.PostAsJsonAsync("/api/v1/tenants/initech/allocations", new { points = 10, referenceNote = "x" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("No tenant 'initech' is registered", await DetailAsync(unknown), StringComparison.Ordinal);
        }

        // The third allocation within the hour, past Api:RateLimits:AllocationsPerHour = 2.
        using (var limited = await admin.PostAsJsonAsync("/api/v1/tenants/acme/allocations", new { points = 10, referenceNote = "x" }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.NotNull(limited.Headers.RetryAfter);
            Assert.Contains("caller ada has used up its requests", await DetailAsync(limited), StringComparison.Ordinal);
        }

        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM api_outbox"));
    }

    [Fact]
    public async Task Should_deliver_once_after_a_restart_a_command_accepted_while_the_broker_could_not_be_reached()
    {
        await Ledger.RegisterTenantAsync("acme");
        var allocated = await Broker.SubscribeAsync("tenant-allocated");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            // Accepted, then the API goes away before it could deliver (its broker port leads nowhere).
            await using (
                var cut = await ApiHost.StartAsync(
                    Servers,
                    new Dictionary<string, string?> { ["Api:Broker:Port"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture) }
                )
            )
            {
                using var admin = cut.Client(ApiRoles.Admin, "ada");
                using var accepted = await admin.PostAsJsonAsync(
                    "/api/v1/tenants/acme/allocations",
                    new
                    {
                        allocationId = "a-2",
                        points = 500,
                        referenceNote = "invoice 43",
                    }
                );
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
                await Eventually.HoldsAsync(
                    async () => await Ledger.ScalarAsync("SELECT attempts FROM api_outbox WHERE sent_at IS NULL") >= 1,
                    Timeout,
                    "a delivery attempted and failed"
                );
            }

            Assert.Equal(0, await Ledger.PoolAsync("acme"));
            Assert.NotNull(await Ledger.TextAsync("SELECT last_error FROM api_outbox WHERE sent_at IS NULL"));

            await using (await ApiHost.StartAsync(Servers))
            {
                await Eventually.HoldsAsync(
                    async () => await Ledger.PoolAsync("acme") == 500,
                    Timeout,
                    "the allocation delivered after the restart"
                );
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        Assert.Equal(1, await Ledger.EntriesAsync("allocation:a-2"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM api_outbox WHERE sent_at IS NULL"));
        Assert.Single(await Broker.DrainAsync(allocated));
    }

    [Fact]
    public async Task Should_refuse_every_change_with_503_and_the_setting_to_set_when_the_api_has_no_operator_login()
    {
        await Ledger.RegisterTenantAsync("acme");
        var recorded = await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions");
        await using var api = await ApiHost.StartAsync(Servers, new Dictionary<string, string?> { ["ConnectionStrings:LedgerApi"] = "" });
        using var admin = api.Client(ApiRoles.Admin, "ada");

        (string Path, object Body)[] changes =
        [
            ("/api/v1/tenants/acme/allocations", new { points = 10 }),
            ("/api/v1/entries/order:o-1/reversal", new { reason = "test" }),
            ("/api/v1/pauses", new { messageType = "OrderCompleted", reason = "test" }),
            ("/api/v1/dead-letters/replay", new { confirm = true }),
        ];
        foreach (var (path, body) in changes)
        {
            using var refused = await admin.PostAsJsonAsync(path, body);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("ConnectionStrings:LedgerApi is not set", await DetailAsync(refused), StringComparison.Ordinal);
        }

        Assert.Equal(recorded, await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM api_outbox"));
        Assert.Equal(0, await Ledger.ScalarAsync("SELECT count(*) FROM endpoint_pauses"));
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString() ?? "";
}

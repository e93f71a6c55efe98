using System.Net;
using System.Net.Http.Json;
using Messaging.Api.Security;
using static Messaging.Testing.ApiResponses;

namespace Messaging.IntegrationTests.Api;

/// <summary>
/// Idempotency conflicts resolved over HTTP against the real processor, broker and ledger: both copies shown side by
/// side; keeping the dead-lettered copy reverses the applied entry and applies the copy in one transaction (admins
/// only, once); keeping the applied one sets the copy aside with its content on record. Each leaves the audit clean.
/// </summary>
[Collection(OperatorsCollection.Name)]
public sealed class ApiConflictTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_apply_the_dead_lettered_copy_instead_of_the_applied_one_in_one_transaction_for_an_admin_only_once()
    {
        var copy = await ConflictAsync("c-1", 40m, 55m);
        await using var api = await ApiHost.StartAsync(Servers);
        using var olga = api.Client(ApiRoles.Operator, "olga");
        using var ada = api.Client(ApiRoles.Admin, "ada");

        var view = await JsonAsync(await olga.GetAsync(new Uri($"/api/v1/dead-letters/{copy}/conflict", UriKind.Relative)));
        Assert.Equal("order:c-1", view.GetProperty("key").GetString());
        Assert.Equal("40", view.GetProperty("applied").GetProperty("amount").GetString());
        Assert.Equal("55", view.GetProperty("deadLettered").GetProperty("amount").GetString());
        Assert.Contains(
            "user:u-1:wallet +55",
            view.GetProperty("deadLettered").GetProperty("postings").GetString(),
            StringComparison.Ordinal
        );

        // Applying the other copy moves points: an operator is told who may.
        using (
            var forbidden = await olga.PostAsJsonAsync(
                $"/api/v1/dead-letters/{copy}/conflict",
                new { keep = "dead-lettered", reason = "the shop corrected the amount" }
            )
        )
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Contains("admin", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var unreasoned = await ada.PostAsJsonAsync($"/api/v1/dead-letters/{copy}/conflict", new { keep = "dead-lettered" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unreasoned.StatusCode);
        }

        Assert.Equal(190, await Ledger.BalanceAsync("u-1"));
        var resolved = await JsonAsync(
            await ada.PostAsJsonAsync(
                $"/api/v1/dead-letters/{copy}/conflict",
                new { keep = "dead-lettered", reason = "the shop corrected the amount" }
            )
        );
        Assert.Equal("AppliedInstead", resolved.GetProperty("kind").GetString());
        Assert.Equal("resolution:order:c-1", resolved.GetProperty("resolutionKey").GetString());

        // 40 out, 55 in; the bonuses stay as they were paid once per user.
        Assert.Equal(205, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(1, await Ledger.EntriesAsync("reversal:order:c-1"));
        Assert.Equal(1, await Ledger.EntriesAsync("resolution:order:c-1"));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        Assert.Equal(
            1,
            await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE operator = 'api:ada' AND action = 'resolve-conflict'")
        );

        // The dead letter is gone: a second resolution finds nothing to resolve, and nothing is written twice.
        using (
            var again = await ada.PostAsJsonAsync($"/api/v1/dead-letters/{copy}/conflict", new { keep = "dead-lettered", reason = "again" })
        )
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        Assert.Equal(205, await Ledger.BalanceAsync("u-1"));
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_keep_the_applied_entry_and_set_the_copy_aside_with_its_content_on_record()
    {
        var copy = await ConflictAsync("c-2", 40m, 99m);
        await using var api = await ApiHost.StartAsync(Servers);
        using var olga = api.Client(ApiRoles.Operator, "olga");

        using (var unknown = await olga.PostAsJsonAsync($"/api/v1/dead-letters/{copy}/conflict", new { keep = "both", reason = "x" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("\\\"applied\\\"", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var kept = await JsonAsync(
            await olga.PostAsJsonAsync(
                $"/api/v1/dead-letters/{copy}/conflict",
                new { keep = "applied", reason = "a test order sent twice" }
            )
        );
        Assert.Equal("KeptApplied", kept.GetProperty("kind").GetString());
        Assert.Equal(190, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(0, await Ledger.EntriesAsync("reversal:"));
        Assert.Equal(0u, await Broker.CountAsync(Orders.ErrorQueue));
        var recorded = await Ledger.TextAsync(
            "SELECT parameters::text FROM operator_actions WHERE operator = 'api:olga' AND action = 'resolve-conflict'"
        );
        Assert.Contains("99", recorded, StringComparison.Ordinal);
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    /// <summary>Applies an order, then dead-letters a copy with another amount; returns the copy's message id.</summary>
    private async Task<string> ConflictAsync(string orderId, decimal applied, decimal conflicting)
    {
        var copy = Guid.NewGuid();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json(orderId, "u-1", applied), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Ledger.EntriesAsync($"order:{orderId}") == 1, Timeout, "the first copy applied");
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json(orderId, "u-1", conflicting), copy);
            await Eventually.HoldsAsync(
                async () => await Broker.CountAsync(Orders.ErrorQueue) == 1,
                Timeout,
                "the conflicting copy in the error queue"
            );
        }

        return copy.ToString();
    }
}

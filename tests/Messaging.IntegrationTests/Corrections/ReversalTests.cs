using System.Net;
using System.Net.Http.Json;
using Messaging.Admin;
using Messaging.Api.Security;

namespace Messaging.IntegrationTests.Corrections;

/// <summary>
/// Reversing an entry against the real servers, from the CLI and the API: a compensating entry once per entry, never an
/// edit; refused when an account would go below what it has; recorded with who asked; the audit clean afterwards.
/// </summary>
[Collection(OperatorsCollection.Name)]
public sealed class ReversalTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_reverse_an_order_once_with_a_compensating_entry_and_refuse_to_reverse_the_reversal()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "u-1", 10m), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Ledger.BalanceAsync("u-1") == 160, Timeout, "the order applied");
        }

        var (code, output, error) = await RunAsync("reverse", "order:o-1", "--reason", "order cancelled by the shop");
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("reversed by reversal:order:o-1", output, StringComparison.Ordinal);
        Assert.Equal(150, await Ledger.BalanceAsync("u-1"));

        var (again, againOutput, _) = await RunAsync("reverse", "order:o-1", "--reason", "pressed twice");
        Assert.Equal(ExitCodes.Ok, again);
        Assert.Contains("was reversed before", againOutput, StringComparison.Ordinal);
        Assert.Equal(150, await Ledger.BalanceAsync("u-1"));
        Assert.Equal(1, await Ledger.EntriesAsync("reversal:"));

        var (reversal, _, reversalError) = await RunAsync("reverse", "reversal:order:o-1", "--reason", "undo");
        Assert.Equal(ExitCodes.Refused, reversal);
        Assert.Contains("a reversal is not undone by reversing it", reversalError, StringComparison.Ordinal);

        var (missing, _, missingError) = await RunAsync("reverse", "order:nope", "--reason", "typo");
        Assert.Equal(ExitCodes.NotFound, missing);
        Assert.Contains("No journal entry has the key 'order:nope'", missingError, StringComparison.Ordinal);

        // The original stays as it was; the reversal says what it reverses and why.
        Assert.Equal(1, await Ledger.EntriesAsync("order:o-1"));
        Assert.Equal(
            "order cancelled by the shop",
            await Ledger.TextAsync("SELECT metadata->>'Reason' FROM journal_entries WHERE idempotency_key = 'reversal:order:o-1'")
        );
        // Every attempt is on record with how it ended, the refused and the mistaken ones too.
        Assert.Equal(4, await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'reverse'"));
        Assert.Equal(
            1,
            await Ledger.ScalarAsync(
                "SELECT count(*) FROM operator_actions WHERE action = 'reverse' AND outcome LIKE 'No journal entry has the key%'"
            )
        );
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_let_only_admins_reverse_over_http_and_refuse_to_reverse_a_pools_allocations_and_clawbacks()
    {
        await Ledger.RegisterTenantAsync("acme");
        await using (await InProcessProcessor.StartAsync(Servers))
        await using (var api = await ApiHost.StartAsync(Servers))
        {
            using var admin = api.Client(ApiRoles.Admin, "ada");
            using var operatorClient = api.Client(ApiRoles.Operator, "olga");
            (
                await admin.PostAsJsonAsync(
                    "/api/v1/tenants/acme/allocations",
                    new
                    {
                        allocationId = "a-1",
                        points = 1000,
                        referenceNote = "invoice 42",
                    }
                )
            ).EnsureSuccessStatusCode();
            await Eventually.HoldsAsync(async () => await Ledger.PoolAsync("acme") == 1000, Timeout, "the allocation applied");
            (
                await admin.PostAsJsonAsync(
                    "/api/v1/tenants/acme/clawbacks",
                    new
                    {
                        clawbackId = "c-1",
                        points = 700,
                        reason = "overallocated",
                    }
                )
            ).EnsureSuccessStatusCode();
            await Eventually.HoldsAsync(async () => await Ledger.PoolAsync("acme") == 300, Timeout, "the clawback applied");

            using (
                var forbidden = await operatorClient.PostAsJsonAsync(
                    "/api/v1/entries/allocation:a-1/reversal",
                    new { reason = "wrong tenant" }
                )
            )
            {
                Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            }

            // A pool's allocations and clawbacks are its record of what the platform granted and took back: corrected by the
            // domain operation that says why, never reversed.
            using (var refused = await admin.PostAsJsonAsync("/api/v1/entries/allocation:a-1/reversal", new { reason = "wrong tenant" }))
            {
                Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
                Assert.Contains("`clawback TENANT N --reason TEXT`", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using (var empty = await admin.PostAsJsonAsync("/api/v1/entries/clawback:c-1/reversal", new { reason = "" }))
            {
                Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            }

            using var clawback = await admin.PostAsJsonAsync(
                "/api/v1/entries/clawback:c-1/reversal",
                new { reason = "clawed back by mistake" }
            );
            Assert.Equal(HttpStatusCode.Conflict, clawback.StatusCode);
            Assert.Contains(
                "`allocate TENANT N --reference-note TEXT`",
                await clawback.Content.ReadAsStringAsync(),
                StringComparison.Ordinal
            );
        }

        Assert.Equal(300, await Ledger.PoolAsync("acme"));
        Assert.Equal(0, await Ledger.EntriesAsync("reversal:"));
        Assert.Equal(
            "api:ada",
            await Ledger.TextAsync("SELECT operator FROM operator_actions WHERE action = 'reverse' AND parameters->>'key' = 'clawback:c-1'")
        );
        await Ledger.AssertAuditCleanAndConservedAsync();
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => OperatorCli.RunAsync(Servers, args);
}

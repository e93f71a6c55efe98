using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messaging.Admin;
using Messaging.Api.Security;
using Npgsql;

namespace Messaging.IntegrationTests.Adjustments;

/// <summary>
/// Adjustments with a reason (issue 27), as operators make them with the admin tool and the API, on the real database: small ones at
/// once, large ones only with a second admin's approval, never below what a wallet has available, all in the operator log.
/// </summary>
[Collection(OperatorsCollection.Name)]
public sealed class AdjustmentTests(ServersFixture servers) : IAsyncLifetime
{
    private readonly LedgerProbe ledger = new(servers.DataSource);

    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_apply_a_small_adjustment_at_once_and_refuse_one_that_would_take_a_wallet_below_zero()
    {
        var (credit, creditOutput, creditError) = await RunAsync("ann", "adjust", "zoe", "+300", "--reason", "welcome bonus");
        var (debit, _, debitError) = await RunAsync("ann", "adjust", "zoe", "-400", "--reason", "too much");
        var (zero, _, zeroError) = await RunAsync("ann", "adjust", "zoe", "0", "--reason", "nothing");

        Assert.True(credit == ExitCodes.Ok, creditError);
        Assert.Contains("adjustment:", creditOutput, StringComparison.Ordinal);
        Assert.Contains("+300 points for zoe; balance 300", creditOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, debit);
        Assert.Contains("may not go below zero", debitError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, zero);
        Assert.Contains("other than zero", zeroError, StringComparison.Ordinal);
        Assert.Equal(300, await ledger.BalanceAsync("zoe"));
        Assert.Equal(1, await ledger.EntriesOfTypeAsync("adjustment"));
        Assert.Equal("applied refused", string.Join(' ', await ledger.RowsAsync("SELECT status FROM adjustments ORDER BY id")));
        Assert.Equal(2, await ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'adjust' AND operator = 'ann'"));
        await ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_apply_a_large_adjustment_only_when_a_second_admin_approves_it()
    {
        var (asked, askedOutput, _) = await RunAsync("ann", "adjust", "zoe", "+5000", "--reason", "conference prize", "--json");
        var id = JsonDocument
            .Parse(askedOutput)
            .RootElement.GetProperty("adjustment")
            .GetProperty("id")
            .GetInt64()
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        var balanceWhilePending = await ledger.BalanceAsync("zoe");
        var (self, _, selfError) = await RunAsync("ann", "adjust", "approve", id);
        var (approved, approvedOutput, approvedError) = await RunAsync("bob", "adjust", "approve", id);
        var (again, againOutput, _) = await RunAsync("cy", "adjust", "approve", id);
        var (_, pending, _) = await RunAsync("bob", "adjust", "list", "--pending");

        Assert.Equal(ExitCodes.Ok, asked);
        Assert.Equal(0, balanceWhilePending);
        Assert.Equal(ExitCodes.Refused, self);
        Assert.Contains("a second admin must approve it", selfError, StringComparison.Ordinal);
        Assert.True(approved == ExitCodes.Ok, approvedError);
        Assert.Contains("approved by bob", approvedOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, again);
        Assert.Contains("is applied already", againOutput, StringComparison.Ordinal);
        Assert.Equal(string.Empty, pending.Trim());
        Assert.Equal(5000, await ledger.BalanceAsync("zoe"));
        Assert.Equal(
            ["adjust ann", "adjust-approve ann", "adjust-approve bob", "adjust-approve cy"],
            await ledger.RowsAsync("SELECT action || ' ' || operator FROM operator_actions WHERE action LIKE 'adjust%' ORDER BY id")
        );
        // The database itself refuses an approval by the one who asked.
        var forged = await Assert.ThrowsAsync<PostgresException>(() =>
            ledger.ScalarAsync("UPDATE adjustments SET approved_by = requested_by RETURNING 1")
        );
        Assert.Contains("ck_adjustments_second_admin", forged.MessageText, StringComparison.Ordinal);
        await ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_withdraw_a_pending_adjustment_once_with_its_reason_and_never_approve_it_after()
    {
        var (_, askedOutput, _) = await RunAsync("ann", "adjust", "zoe", "+3000", "--reason", "prize", "--json");
        var id = JsonDocument
            .Parse(askedOutput)
            .RootElement.GetProperty("adjustment")
            .GetProperty("id")
            .GetInt64()
            .ToString(CultureInfo.InvariantCulture);
        var (cancelled, cancelledOutput, cancelledError) = await RunAsync("ann", "adjust", "cancel", id, "--reason", "wrong user");
        var (approve, _, approveError) = await RunAsync("bob", "adjust", "approve", id);
        var (again, _, againError) = await RunAsync("bob", "adjust", "cancel", id, "--reason", "twice");
        var (missing, _, _) = await RunAsync("bob", "adjust", "cancel", "999", "--reason", "typo");

        Assert.True(cancelled == ExitCodes.Ok, cancelledError);
        Assert.Contains("cancelled by ann", cancelledOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, approve);
        Assert.Contains("is cancelled already", approveError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, again);
        Assert.Contains("cannot be cancelled", againError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, missing);
        Assert.Equal(0, await ledger.BalanceAsync("zoe"));
        Assert.Equal(
            "cancelled cancelled by ann: wrong user",
            await ledger.TextAsync(
                $"SELECT status || ' ' || refusal FROM adjustments WHERE id = {long.Parse(id, CultureInfo.InvariantCulture)}"
            )
        );
        Assert.Equal(
            ["adjust ann", "adjust-cancel ann", "adjust-approve bob", "adjust-cancel bob", "adjust-cancel bob"],
            await ledger.RowsAsync("SELECT action || ' ' || operator FROM operator_actions WHERE action LIKE 'adjust%' ORDER BY id")
        );

        await using var api = await ApiHost.StartAsync(servers);
        using var bob = api.Client(ApiRoles.Admin, "bob");
        var pending = await bob.PostAsJsonAsync("/api/v1/users/zoe/adjustments", new { points = 2000, reason = "prize" });
        var next = (await pending.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("adjustment").GetProperty("id").GetInt64();
        var empty = await bob.PostAsJsonAsync($"/api/v1/adjustments/{next}/cancellation", new { reason = " " });
        var withdrawn = await bob.PostAsJsonAsync($"/api/v1/adjustments/{next}/cancellation", new { reason = "duplicate" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(
            "cancelled",
            (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("adjustment").GetProperty("status").GetString()
        );
        await ledger.AssertAuditCleanAndConservedAsync();
    }

    [Fact]
    public async Task Should_let_only_admins_adjust_over_http_and_a_second_admin_approve()
    {
        await using var api = await ApiHost.StartAsync(servers);
        using var viewer = api.Client(ApiRoles.Viewer);
        using var ann = api.Client(ApiRoles.Admin, "ann");
        using var bob = api.Client(ApiRoles.Admin, "bob");

        var denied = await viewer.PostAsJsonAsync("/api/v1/users/zoe/adjustments", new { points = 100, reason = "x" });
        var small = await ann.PostAsJsonAsync("/api/v1/users/zoe/adjustments", new { points = 100, reason = "survey" });
        var large = await ann.PostAsJsonAsync("/api/v1/users/zoe/adjustments", new { points = 2000, reason = "prize" });
        var id = (await large.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("adjustment").GetProperty("id").GetInt64();
        var self = await ann.PostAsync($"/api/v1/adjustments/{id}/approval", null);
        var approved = await bob.PostAsync($"/api/v1/adjustments/{id}/approval", null);
        var tooMuch = await ann.PostAsJsonAsync("/api/v1/users/zoe/adjustments", new { points = -999, reason = "undo" });

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, large.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tooMuch.StatusCode);
        Assert.Equal(1101, await ledger.BalanceAsync("zoe"));
        var list = await (await ann.GetAsync("/api/v1/adjustments")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, list.GetArrayLength());
        await ledger.AssertAuditCleanAndConservedAsync();
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string operatorName, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AdminApp.RunAsync(
            [.. args, "--operator", operatorName, "--connection", servers.OperatorConnectionString],
            output,
            error
        );
        return (code, output.ToString(), error.ToString());
    }
}

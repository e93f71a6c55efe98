using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Messaging.Api.Security;
using static Messaging.IntegrationTests.Attendance.AttendanceMessages;

namespace Messaging.IntegrationTests.Api;

/// <summary>
/// The HTTP admin API against the real servers: the CLI's reads over HTTP, who may call what (401, 403), 429 past a
/// caller's limit, readable validation errors, health, and the reconciliation gauge on the metrics endpoint.
/// </summary>
[Collection(OperatorsCollection.Name)]
public sealed class ApiTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_answer_the_reads_of_the_cli_for_a_viewer()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "alice", 120m), Guid.NewGuid());
            await Broker.PublishJsonAsync(Exchange, Attended("e1", "alice", "workshop", Week(45), 25), Guid.NewGuid());
            await Eventually.HoldsAsync(
                async () => await Ledger.EntriesAsync("order:o-1") == 1 && await Ledger.EntriesAsync("attendance:e1:alice") == 1,
                Timeout,
                "the order and the attendance applied"
            );
        }

        await Ledger.RegisterTenantAsync("acme");
        await using var api = await ApiHost.StartAsync(Servers);
        using var viewer = api.Client(ApiRoles.Viewer);

        var balance = await JsonAsync(viewer, "/api/v1/users/alice");
        Assert.Equal(await Ledger.BalanceAsync("alice"), balance.GetProperty("currentPoints").GetInt64());
        var now = await JsonAsync(
            viewer,
            $"/api/v1/users/alice/balance?at={Uri.EscapeDataString($"{DateTimeOffset.UtcNow.AddMinutes(1):O}")}"
        );
        Assert.Equal(await Ledger.BalanceAsync("alice"), now.GetProperty("points").GetInt64());
        Assert.Equal(0, (await JsonAsync(viewer, "/api/v1/users/alice/balance?at=2000-01-01")).GetProperty("points").GetInt64());
        Assert.Equal(4, (await JsonAsync(viewer, "/api/v1/users/alice/history")).GetArrayLength());
        // The order's (with its signup and first-order bonuses) and the attendance's points expire 12 months after they were recorded.
        var expiring = await JsonAsync(viewer, "/api/v1/users/alice/expiring");
        Assert.Equal(
            [balance.GetProperty("currentPoints").GetInt64(), 0L, 4L],
            [
                expiring.GetProperty("balance").GetInt64(),
                expiring.GetProperty("neverExpiring").GetInt64(),
                expiring.GetProperty("lots").GetArrayLength(),
            ]
        );
        Assert.Contains(expiring.GetProperty("lots").EnumerateArray(), l => l.GetProperty("lotKey").GetString() == "order:o-1");
        var explained = await JsonAsync(viewer, "/api/v1/users/alice/explain");
        Assert.Equal(
            explained.GetProperty("balance").GetInt64(),
            explained.GetProperty("lots").EnumerateArray().Sum(l => l.GetProperty("remaining").GetInt64())
        );
        var page = await JsonAsync(viewer, "/api/v1/entries?user=alice&limit=3");
        Assert.Equal(3, page.GetProperty("entries").GetArrayLength());
        var rest = await JsonAsync(viewer, $"/api/v1/entries?user=alice&limit=3&before={page.GetProperty("next").GetInt64()}");
        Assert.Equal(1, rest.GetProperty("entries").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("next").ValueKind);
        Assert.Equal(
            "order:o-1",
            (await JsonAsync(viewer, "/api/v1/entries/order:o-1")).GetProperty("entry").GetProperty("idempotencyKey").GetString()
        );
        Assert.Equal(1, (await JsonAsync(viewer, "/api/v1/users/alice/streak")).GetProperty("longest").GetInt32());
        Assert.Equal(1, (await JsonAsync(viewer, "/api/v1/users/alice/badges")).GetProperty("attendances").GetInt64());
        var board = await JsonAsync(viewer, "/api/v1/leaderboard?period=week&at=2026-11-02T12:00:00Z");
        Assert.Equal("alice", board.GetProperty("rows")[0].GetProperty("userId").GetString());
        Assert.True((await JsonAsync(viewer, "/api/v1/summary")).TryGetProperty("users", out _));
        Assert.Equal("acme", (await JsonAsync(viewer, "/api/v1/tenants/acme")).GetProperty("tenant").GetProperty("tenantId").GetString());
        Assert.Equal(JsonValueKind.Array, (await JsonAsync(viewer, "/api/v1/reports/earned?by=week")).ValueKind);
        Assert.Equal(JsonValueKind.Array, (await JsonAsync(viewer, "/api/v1/reports/resets?months=6")).ValueKind);
        Assert.Equal(JsonValueKind.Array, (await JsonAsync(viewer, "/api/v1/users/alice/redemptions")).ValueKind);
        Assert.Equal(
            "2026-11",
            (await JsonAsync(viewer, "/api/v1/users/alice/quota?month=2026-11")).GetProperty("status").GetProperty("month").GetString()
        );

        using var document = await viewer.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("/api/v1/leaderboard", await document.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_refuse_without_a_token_401_and_with_a_role_too_low_403_each_saying_what_to_do()
    {
        await using var api = await ApiHost.StartAsync(Servers);
        using var anonymous = api.Client();
        using var viewer = api.Client(ApiRoles.Viewer, "vera");
        using var forged = api.Client();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            ApiTokens.Mint(
                new JwtOptions { SigningKey = "another-key-that-is-also-long-enough-0123456789" },
                "mallory",
                ApiRoles.Admin,
                TimeSpan.FromHours(1),
                DateTimeOffset.UtcNow
            )
        );

        var (noToken, noTokenBody) = await ProblemAsync(anonymous, "/api/v1/summary");
        Assert.Equal(HttpStatusCode.Unauthorized, noToken);
        Assert.Contains("No bearer token was sent", noTokenBody, StringComparison.Ordinal);
        var (bad, badBody) = await ProblemAsync(forged, "/api/v1/summary");
        Assert.Equal(HttpStatusCode.Unauthorized, bad);
        Assert.Contains("The token was refused", badBody, StringComparison.Ordinal);
        var (low, lowBody) = await ProblemAsync(viewer, "/api/v1/audit");
        Assert.Equal(HttpStatusCode.Forbidden, low);
        Assert.Contains("vera has role 'viewer'", lowBody, StringComparison.Ordinal);

        using var operatorClient = api.Client(ApiRoles.Operator);
        Assert.True((await JsonAsync(operatorClient, "/api/v1/audit")).GetProperty("clean").GetBoolean());
        var (malformed, malformedBody) = await ProblemAsync(operatorClient, "/api/v1/audit?checkpoint=3-abc");
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.Contains("checkpoint '3-abc' is not a link: write it as SEQUENCE:HASH", malformedBody, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, (await JsonAsync(operatorClient, "/api/v1/operator-actions")).ValueKind);
    }

    [Fact]
    public async Task Should_answer_429_with_retry_after_past_a_callers_limit_and_not_count_other_callers()
    {
        await using var api = await ApiHost.StartAsync(
            Servers,
            new Dictionary<string, string?> { ["Api:RateLimits:RequestsPerMinute"] = "3" }
        );
        using var busy = api.Client(ApiRoles.Viewer, "busy");
        using var calm = api.Client(ApiRoles.Viewer, "calm");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await busy.GetAsync("/api/v1/tenants");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
                Assert.Contains("caller busy has used up its requests", detail, StringComparison.Ordinal);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        using var other = await calm.GetAsync("/api/v1/tenants");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Should_explain_a_bad_parameter_and_a_missing_user()
    {
        await using var api = await ApiHost.StartAsync(Servers);
        using var viewer = api.Client(ApiRoles.Viewer);

        var (limit, limitBody) = await ProblemAsync(viewer, "/api/v1/users/alice/history?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, limit);
        Assert.Contains("limit must be between 1 and 1000 (got 0)", limitBody, StringComparison.Ordinal);
        var (period, periodBody) = await ProblemAsync(viewer, "/api/v1/leaderboard?period=year");
        Assert.Equal(HttpStatusCode.BadRequest, period);
        Assert.Contains("period must be one of week, month, all (got 'year')", periodBody, StringComparison.Ordinal);
        var (since, sinceBody) = await ProblemAsync(viewer, "/api/v1/entries?since=soon");
        Assert.Equal(HttpStatusCode.BadRequest, since);
        Assert.Contains("since must be an instant in ISO 8601", sinceBody, StringComparison.Ordinal);
        var (at, atBody) = await ProblemAsync(viewer, "/api/v1/users/alice/balance?at=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, at);
        Assert.Contains("at must be an instant in ISO 8601", atBody, StringComparison.Ordinal);
        Assert.Contains("(got 'yesterday')", atBody, StringComparison.Ordinal);
        var (missing, missingBody) = await ProblemAsync(viewer, "/api/v1/users/nobody");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Contains("No account for user 'nobody'", missingBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await ProblemAsync(viewer, "/api/v1/users/nobody/expiring")).Item1);
    }

    [Fact]
    public async Task Should_be_ready_with_the_database_and_show_a_reconciliation_gauge_at_zero_then_above_after_a_corruption()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.PublishJsonAsync(Orders.Exchange, Orders.Json("o-1", "bob", 50m), Guid.NewGuid());
            await Eventually.HoldsAsync(async () => await Ledger.EntriesAsync("order:o-1") == 1, Timeout, "the order applied");
        }

        await using var api = await ApiHost.StartAsync(Servers);
        using var anonymous = api.Client();
        using var viewer = api.Client(ApiRoles.Viewer);
        using var ready = await viewer.GetAsync("/health/ready");
        var health = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal(
            ["commands", "outbox", "pauses", "postgresql", "processor", "rabbitmq"],
            health.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order(StringComparer.Ordinal)
        );

        await Eventually.HoldsAsync(
            async () => Gauge(await anonymous.GetStringAsync("/metrics"), "balance_differs_from_postings") == 0,
            Timeout,
            "the gauge at 0"
        );
        var metrics = await anonymous.GetStringAsync("/metrics");
        Assert.Equal(0, Gauge(metrics, "entry_does_not_balance"));
        Assert.Contains("ledger_outbox_pending", metrics, StringComparison.Ordinal);

        // Behind the ledger's back, as the audit tests do: a cached balance that no longer equals its postings.
        await using (
            var corrupt = Servers.DataSource.CreateCommand(
                "SET ledger.repair_balances = on; UPDATE accounts SET balance = balance + 7, "
                    + "total_credited = total_credited + 7 WHERE code = 'user:bob:wallet'"
            )
        )
        {
            await corrupt.ExecuteNonQueryAsync();
        }

        await Eventually.HoldsAsync(
            async () => Gauge(await anonymous.GetStringAsync("/metrics"), "balance_differs_from_postings") == 1,
            Timeout,
            "the gauge at 1"
        );
    }

    [Fact]
    public async Task Should_show_voucher_codes_in_full_to_operators_and_admins_and_masked_to_viewers()
    {
        await RedemptionMessages.AddRewardAsync(Servers.DataSource, "mug", 100);
        await RedemptionMessages.CreditAsync(Servers.DataSource, "vera", 500);
        var outcomes = await Broker.SubscribeOutcomesAsync();
        var id = Guid.NewGuid();
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            await Broker.RequestAsync(id, "vera", "mug");
            Assert.Equal(RedemptionMessages.Completed, (await outcomes.AwaitAsync(id, Timeout)).Exchange);
        }

        await using var api = await ApiHost.StartAsync(Servers);
        string Code(JsonElement rows) => rows.EnumerateArray().Single().GetProperty("voucherCode").GetString()!;
        var full = Code(await JsonAsync(api.Client(ApiRoles.Operator), "/api/v1/users/vera/redemptions"));
        var masked = Code(await JsonAsync(api.Client(ApiRoles.Viewer), "/api/v1/users/vera/redemptions"));

        Assert.Equal(full, Code(await JsonAsync(api.Client(ApiRoles.Admin), "/api/v1/users/vera/redemptions")));
        Assert.Equal(full, await Ledger.TextAsync($"SELECT voucher_code FROM redemptions WHERE id = '{id}'"));
        Assert.Equal(full.Length, masked.Length);
        Assert.Equal(full[^4..], masked[^4..]);
        Assert.Equal(new string('•', full.Length - 4), masked[..^4]);
    }

    private static async Task<JsonElement> JsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The status and the problem body's <c>detail</c>, the sentence a caller reads.</summary>
    private static async Task<(HttpStatusCode Status, string Detail)> ProblemAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString() ?? "");
    }

    /// <summary>The reconciliation gauge's value for one check in a Prometheus scrape, or -1 when absent.</summary>
    private static long Gauge(string scrape, string check) =>
        scrape
            .Split('\n')
            .FirstOrDefault(l =>
                l.StartsWith("ledger_reconciliation_breaches", StringComparison.Ordinal)
                && l.Contains($"check=\"{check}\"", StringComparison.Ordinal)
            )
            is { } line
            ? long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)
            : -1;
}

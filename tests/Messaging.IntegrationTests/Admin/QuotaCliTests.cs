using System.Text.Json;
using Messaging.Admin;
using Messaging.Ledger.Quotas;
using Messaging.Ledger.Writing;

namespace Messaging.IntegrationTests.Admin;

/// <summary>The admin tool's quota commands and the Python example app, against real servers and a running processor.</summary>
[Collection(OperatorsCollection.Name)]
public sealed class QuotaCliTests(ServersFixture servers) : ProcessorTest(servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_answer_a_python_app_and_show_the_quota_usage_and_health_from_the_cli()
    {
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            var deducted = JsonDocument
                .Parse(
                    await ProducerScript.PythonAsync(
                        Servers,
                        "deduct.py",
                        "--user",
                        "judy",
                        "--feature",
                        "literature_search",
                        "--amount",
                        "12",
                        "--usage-id",
                        "py-1",
                        "--context",
                        "{\"test\": true}"
                    )
                )
                .RootElement;
            Assert.Equal("tokens-deducted", deducted.GetProperty("outcome").GetString());
            Assert.Equal(38, deducted.GetProperty("message").GetProperty("monthlyRemaining").GetInt64());

            var refused = JsonDocument
                .Parse(
                    await ProducerScript.PythonAsync(
                        Servers,
                        "deduct.py",
                        "--user",
                        "judy",
                        "--feature",
                        "summarise",
                        "--amount",
                        "40",
                        "--usage-id",
                        "py-2"
                    )
                )
                .RootElement;
            Assert.Equal("tokens-deduct-rejected", refused.GetProperty("outcome").GetString());
            Assert.Equal("quota_exceeded", refused.GetProperty("message").GetProperty("reason").GetString());
        }

        var (code, output, error) = await RunAsync("quota", "judy", "--json");
        Assert.True(code == ExitCodes.Ok, error);
        var status = JsonDocument.Parse(output).RootElement;
        Assert.Equal(
            (12L, 50L, 38L),
            (
                status.GetProperty("monthlyUsed").GetInt64(),
                status.GetProperty("monthlyLimit").GetInt64(),
                status.GetProperty("monthlyRemaining").GetInt64()
            )
        );
        Assert.Equal("free", status.GetProperty("plan").GetString());
        Assert.Single(status.GetProperty("resets").EnumerateArray());

        var (_, usage, _) = await RunAsync("report", "usage", "--by", "feature", "--json");
        var feature = Assert.Single(JsonDocument.Parse(usage).RootElement.EnumerateArray());
        Assert.Equal(("literature_search", 12L), (feature.GetProperty("feature").GetString(), feature.GetProperty("tokens").GetInt64()));

        var (healthCode, health, _) = await RunAsync("quota", "health");
        Assert.Equal(ExitCodes.Ok, healthCode);
        Assert.Contains(
            "1 user(s) with a quota, 1 current, 0 stale; 1 deduction(s) refused in the last day",
            health,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Should_open_the_month_on_a_status_read_and_move_a_user_to_a_plan()
    {
        var (code, output, _) = await RunAsync("quota", "kim");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("kim (free plan)", output, StringComparison.Ordinal);
        Assert.Contains("used 0 of 50, 50 remaining", output, StringComparison.Ordinal);
        Assert.Equal(1, await Ledger.EntriesOfTypeAsync("quota_reset"));

        var (planCode, planOutput, _) = await RunAsync("quota", "plan", "kim", "pro");
        Assert.Equal(ExitCodes.Ok, planCode);
        Assert.Contains("kim is on plan pro (1000 tokens a month)", planOutput, StringComparison.Ordinal);
        Assert.Contains("used 0 of 1000, 1000 remaining", planOutput, StringComparison.Ordinal);

        var (unknown, _, unknownError) = await RunAsync("quota", "plan", "kim", "platinum");
        Assert.Equal(ExitCodes.Usage, unknown);
        Assert.Contains("No plan 'platinum' in Quotas:Plans (free, pro)", unknownError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_roll_every_user_over_now_once_record_it_and_report_the_resets_by_month()
    {
        // Two users whose quotas opened last month, one of whom used some: their months are still last month's.
        var now = DateTimeOffset.UtcNow;
        var current = QuotaMonth.Of(now, TimeZoneInfo.Utc);
        var previous = QuotaMonth.Before(current);
        var plans = new QuotaPlans(Servers.DataSource, new LedgerBatchWriter());
        await plans.RollOverAsync("lea", previous, 50, now.AddMonths(-1), CancellationToken.None);
        await plans.RollOverAsync("max", previous, 50, now.AddMonths(-1), CancellationToken.None);

        var (code, output, error) = await RunAsync("quota", "rollover", "--all");
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains($"2 user(s) rolled over into {current}; recorded in operator_actions", output, StringComparison.Ordinal);
        var (again, againOutput, _) = await RunAsync("quota", "rollover", "--all");
        Assert.Equal(ExitCodes.Ok, again);
        Assert.Contains($"0 user(s) rolled over into {current}", againOutput, StringComparison.Ordinal);
        Assert.Equal(
            2,
            await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'quota-rollover' AND operator = 'test-operator'")
        );
        Assert.Equal(4, await Ledger.EntriesOfTypeAsync("quota_reset"));

        var (reportCode, report, _) = await RunAsync("report", "resets", "--json");
        Assert.Equal(ExitCodes.Ok, reportCode);
        var months = JsonDocument
            .Parse(report)
            .RootElement.EnumerateArray()
            .ToDictionary(m => m.GetProperty("month").GetString()!, m => m, StringComparer.Ordinal);
        Assert.Equal([current, previous], months.Keys);
        Assert.Equal(2, months[current].GetProperty("resets").GetInt64());
        Assert.Equal(100, months[current].GetProperty("tokensGranted").GetInt64());
        Assert.Equal(0, months[current].GetProperty("tokensLapsed").GetInt64());
        Assert.Equal(100, months[previous].GetProperty("tokensGranted").GetInt64());
        // Last month's unused tokens lapsed when it closed.
        Assert.Equal(100, months[previous].GetProperty("tokensLapsed").GetInt64());

        var (missing, _, missingError) = await RunAsync("quota", "rollover");
        Assert.Equal(ExitCodes.Usage, missing);
        Assert.Contains("Say --all", missingError, StringComparison.Ordinal);
        var (badMonths, _, badMonthsError) = await RunAsync("report", "resets", "--months", "0");
        Assert.NotEqual(ExitCodes.Ok, badMonths);
        Assert.Contains("--months must be between 1 and 120 (got 0)", badMonthsError, StringComparison.Ordinal);
        Assert.Empty(await Ledger.ViolationsAsync());
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AdminApp.RunAsync(
            [.. args, "--connection", Servers.OperatorConnectionString, "--operator", "test-operator"],
            output,
            error
        );
        return (code, output.ToString(), error.ToString());
    }
}

using System.Diagnostics;
using Messaging.UnitTests.Architecture;

namespace Messaging.UnitTests.Operations;

/// <summary>
/// The alert rules that ship with the product (<c>eng/prometheus/ledger-rules.yml</c>) are valid, and each fires on the series that
/// should fire it and not just short of it, as <c>promtool test rules</c> proves against <c>ledger-rules.test.yml</c>.
/// </summary>
public sealed class PrometheusRulesTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root(), "eng", "prometheus");

    [Fact]
    public async Task Should_load_every_rule_when_promtool_checks_the_file()
    {
        var (code, output) = await PromtoolAsync("check", "rules", "ledger-rules.yml");

        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS: 10 rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_fire_each_alert_exactly_as_its_unit_tests_expect_when_promtool_runs_them()
    {
        var (code, output) = await PromtoolAsync("test", "rules", "ledger-rules.test.yml");

        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    // promtool comes from Debian's prometheus package, unpacked (not installed) by eng/promtool.sh, which eng/test.sh runs.
    private static async Task<(int Code, string Output)> PromtoolAsync(params string[] arguments)
    {
        var promtool = Environment.GetEnvironmentVariable("LEDGER_PROMTOOL") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryPaths.Root(), ".artifacts", "tools", "promtool");
        Assert.True(
            File.Exists(promtool),
            $"promtool is missing at {promtool}: run `bash eng/promtool.sh` (eng/test.sh does), or set LEDGER_PROMTOOL to a promtool."
        );
        var start = new ProcessStartInfo(promtool)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}

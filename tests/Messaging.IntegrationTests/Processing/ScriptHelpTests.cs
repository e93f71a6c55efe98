using System.Diagnostics;

namespace Messaging.IntegrationTests.Processing;

/// <summary>Every script answers --help with its usage and exits at once, before setting anything up.</summary>
public sealed class ScriptHelpTests
{
    [Theory]
    [InlineData("eng/run.sh", "Set up and run the main job")]
    [InlineData("eng/test.sh", "Set up and run all the tests")]
    [InlineData("eng/servers.sh", "bash eng/servers.sh up")]
    [InlineData("eng/images.sh", "bash eng/images.sh env")]
    [InlineData("eng/bench.sh", "bash eng/bench.sh [--count N]")]
    [InlineData("eng/publish-sample.sh", "Publish one sample OrderCompleted")]
    [InlineData("eng/compose.sh", "bash eng/compose.sh up")]
    public async Task Should_print_its_usage_and_exit_at_once_when_asked_for_help(string script, string expected)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, script), "--help"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("[servers]", output + await process.StandardError.ReadToEndAsync(), StringComparison.Ordinal);
    }
}

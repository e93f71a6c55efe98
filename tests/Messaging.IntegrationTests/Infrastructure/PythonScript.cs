using System.Diagnostics;

namespace Messaging.IntegrationTests.Infrastructure;

/// <summary>Runs one of the repository's Python producers (eng/*.py) against this run's broker vhost, as an outside app would.</summary>
internal static class PythonScript
{
    /// <summary>Runs the script and returns its standard output; a non-zero exit fails the test with both outputs.</summary>
    public static async Task<string> RunAsync(ServersFixture servers, string script, params string[] arguments)
    {
        // Debian's interpreter: the one on PATH may be a pyenv build that cannot see python3-pika.
        var start = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(RepositoryPaths.Root, "eng", script), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["LEDGER_MQ_HOST"] = TestSettings.RabbitHost;
        start.Environment["LEDGER_MQ_PORT"] = TestSettings.RabbitPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["LEDGER_MQ_VHOST"] = servers.VirtualHost;
        start.Environment["LEDGER_MQ_USER"] = TestSettings.RabbitUser;
        start.Environment["LEDGER_MQ_PASSWORD"] = TestSettings.RabbitPassword;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{script} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}

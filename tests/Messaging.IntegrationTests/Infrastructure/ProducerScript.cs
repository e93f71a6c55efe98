using System.Diagnostics;

namespace Messaging.IntegrationTests.Infrastructure;

/// <summary>Runs one of the repository's producers in another language (eng/*.py, eng/node/*.mjs) against this run's broker vhost, as an outside app would.</summary>
internal static class ProducerScript
{
    /// <summary>A Python producer under Debian's interpreter: the one on PATH may be a pyenv build that cannot see python3-pika.</summary>
    public static Task<string> PythonAsync(ServersFixture servers, string script, params string[] arguments) =>
        RunAsync(servers, "/usr/bin/python3", Path.Combine(RepositoryPaths.Root, "eng", script), arguments);

    /// <summary>A Node producer; its dependencies are installed by eng/test.sh (<c>npm ci --prefix eng/node</c>).</summary>
    public static Task<string> NodeAsync(ServersFixture servers, string script, params string[] arguments)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "eng", "node");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "amqplib")),
            "eng/node has no node_modules: run the tests with `bash eng/test.sh`, or install them with `npm ci --prefix eng/node`.");
        return RunAsync(servers, "node", Path.Combine(folder, script), arguments);
    }

    /// <summary>Runs the program and returns its standard output; a non-zero exit fails the test with both outputs.</summary>
    private static async Task<string> RunAsync(ServersFixture servers, string program, string script, string[] arguments)
    {
        var start = new ProcessStartInfo(program, [script, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["LEDGER_MQ_HOST"] = servers.Rabbit.Host;
        start.Environment["LEDGER_MQ_PORT"] = servers.Rabbit.AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["LEDGER_MQ_VHOST"] = servers.VirtualHost;
        start.Environment["LEDGER_MQ_USER"] = servers.Rabbit.User;
        start.Environment["LEDGER_MQ_PASSWORD"] = servers.Rabbit.Password;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(script)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}

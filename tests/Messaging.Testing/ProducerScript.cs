namespace Messaging.Testing;

/// <summary>Runs one of the repository's producers in another language (eng/*.py, eng/node/*.mjs) against this run's broker vhost, as an
/// outside app would.</summary>
public static class ProducerScript
{
    /// <summary>A Python producer under Debian's interpreter: the one on PATH may be a pyenv build that cannot see python3-pika.</summary>
    public static Task<string> PythonAsync(ServersFixture servers, string script, params string[] arguments) =>
        RunAsync(servers, "/usr/bin/python3", Path.Combine(RepositoryPaths.Root, "eng", script), arguments);

    /// <summary>A Node producer; its dependencies are installed by eng/test.sh (<c>npm ci --prefix eng/node</c>).</summary>
    public static Task<string> NodeAsync(ServersFixture servers, string script, params string[] arguments)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "eng", "node");
        Assert.True(
            Directory.Exists(Path.Combine(folder, "node_modules", "amqplib")),
            "eng/node has no node_modules: run the tests with `bash eng/test.sh`, or install them with `npm ci --prefix eng/node`."
        );
        return RunAsync(servers, "node", Path.Combine(folder, script), arguments);
    }

    /// <summary>Runs the program against the run's broker and returns its standard output; a non-zero exit fails the test with both
    /// outputs.</summary>
    private static async Task<string> RunAsync(ServersFixture servers, string program, string script, string[] arguments)
    {
        var environment = new Dictionary<string, string>
        {
            ["LEDGER_MQ_HOST"] = servers.Rabbit.Host,
            ["LEDGER_MQ_PORT"] = servers.Rabbit.AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LEDGER_MQ_VHOST"] = servers.VirtualHost,
            // No user named: each script publishes as the broker user of its kind of system (eng/ledger_mq.py reads
            // users.tsv), with the password eng/servers.sh made (LEDGER_MQ_PASSWORD_<USER>, which eng/test.sh exports).
        };
        var result = await Shell.RunAsync(program, [script, .. arguments], environment);
        return result.EnsureSuccess(Path.GetFileName(script)).StandardOutput;
    }
}

namespace Messaging.Testing;

/// <summary>
/// The worker as a service manager runs it (docker-compose's restart policy, systemd, eng/run.sh): a process that is
/// started again whenever it exits with the watchdog's code 75. Any other exit fails the test with the worker's output.
/// </summary>
public sealed class SupervisedProcessor : IAsyncDisposable
{
    private const int WatchdogExitCode = 75;

    private readonly ServersFixture _servers;
    private readonly IReadOnlyDictionary<string, string?> _overrides;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _supervision;
    private ProcessorProcess _current;

    private SupervisedProcessor(ServersFixture servers, IReadOnlyDictionary<string, string?> overrides)
    {
        _servers = servers;
        _overrides = overrides;
        _current = ProcessorProcess.Start(servers, overrides);
        _supervision = Task.Run(SuperviseAsync);
    }

    /// <summary>How many times the worker gave up on its broker connection and was started again.</summary>
    public int WatchdogRestarts { get; private set; }

    /// <summary>For a failure message: the restarts, whether supervision stopped (and why), and the current worker's last output.</summary>
    public string Describe()
    {
        var output = _current.Output;
        var stopped = _supervision.IsFaulted ? $"supervision stopped: {_supervision.Exception?.InnerException?.Message}" : "supervising";
        return $"{WatchdogRestarts} watchdog restart(s); {stopped}; worker "
            + $"{(_current.HasExited ? $"exited with {_current.ExitCode}" : "running")}; "
            + $"its output ends:\n{output[Math.Max(0, output.Length - 4000)..]}";
    }

    public static SupervisedProcessor Start(ServersFixture servers, IReadOnlyDictionary<string, string?> overrides) =>
        new(servers, overrides);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _current.DisposeAsync();
        try
        {
            await _supervision;
        }
        finally
        {
            _stopping.Dispose();
        }
    }

    private async Task SuperviseAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            if (!await _current.WaitForExitAsync(TimeSpan.FromMilliseconds(200)) || _stopping.IsCancellationRequested)
            {
                continue;
            }

            if (_current.ExitCode != WatchdogExitCode)
            {
                throw new InvalidOperationException(
                    $"The worker exited with {_current.ExitCode}, not the watchdog's {WatchdogExitCode}:\n{_current.Output}"
                );
            }

            WatchdogRestarts++;
            await _current.DisposeAsync();
            _current = ProcessorProcess.Start(_servers, _overrides);
        }
    }
}

using System.Diagnostics;
using System.Text;

namespace Messaging.Testing;

/// <summary>
/// The real worker executable in its own OS process, for tests that kill it or run two of it.
/// </summary>
public sealed class ProcessorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ProcessorProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ProcessorProcess Start(
        ServersFixture servers,
        IReadOnlyDictionary<string, string?>? overrides = null,
        params string[] arguments
    )
    {
        var start = new ProcessStartInfo("dotnet", [WorkerPath(), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(WorkerPath())!,
        };
        // The Test environment allows the FaultInjection test hook; an override may set DOTNET_ENVIRONMENT back.
        start.Environment["DOTNET_ENVIRONMENT"] = "Test";
        foreach (var (key, value) in ProcessorSettings.For(servers, overrides))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        // Keep logs of test processes out of the repository's logs/ folder.
        start.Environment["Serilog__WriteTo__0__Args__configure__0__Args__path"] = Path.Combine(
            Path.GetTempPath(),
            "ledger-test-logs",
            "processor-.log"
        );
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the worker process.");
        var wrapper = new ProcessorProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Append(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Starts the worker, optionally set to kill itself at a crash point, and waits until it is consuming.</summary>
    public static async Task<ProcessorProcess> StartedAsync(
        ServersFixture servers,
        string? crashPoint,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? overrides = null
    )
    {
        var settings = new Dictionary<string, string?>(overrides ?? new Dictionary<string, string?>())
        {
            ["FaultInjection:CrashPoint"] = crashPoint,
        };
        var process = Start(servers, settings);
        await Eventually.HoldsAsync(
            () => Task.FromResult(process.Output.Contains("Processor started", StringComparison.Ordinal) || process.HasExited),
            timeout,
            "the worker to start"
        );
        Assert.False(process.HasExited, $"the worker exited at start-up:\n{process.Output}");
        return process;
    }

    /// <summary>SIGKILL: no shutdown, no acknowledgement, no flush, as a lost host or an OOM kill ends a process.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string WorkerPath()
    {
        // Same configuration as this test assembly (the path segment after bin/).
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Path.Combine(RepositoryPaths.Root, "src", "Messaging.Worker", "bin", configuration, "net10.0", "Messaging.Worker.dll");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"The worker is not built at {path}; build Messaging.sln first.");
    }
}

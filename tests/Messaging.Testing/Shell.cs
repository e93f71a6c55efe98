using System.Diagnostics;

namespace Messaging.Testing;

/// <summary>Runs one of the repository's scripts (or any program) and hands back what it printed.</summary>
public static class Shell
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>Everything the program printed, standard output first.</summary>
        public string Output => StandardOutput + StandardError;

        /// <summary>Fails the test with everything the program printed unless it exited 0.</summary>
        public Result EnsureSuccess(string what)
        {
            Assert.True(ExitCode == 0, $"{what} failed (exit {ExitCode}):\n{Output}");
            return this;
        }
    }

    public static async Task<Result> RunAsync(
        string program,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null
    )
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{program} {string.Join(' ', arguments)} did not finish within {timeout}:\n{await stdout}\n{await stderr}"
            );
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}

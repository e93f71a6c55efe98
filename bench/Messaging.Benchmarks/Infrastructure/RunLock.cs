namespace Messaging.Benchmarks.Infrastructure;

/// <summary>
/// One benchmark at a time on this machine: two runs would share the ledger_bench_* databases and vhosts
/// (each drops the other's) and the two cores. A second run waits for the first.
/// </summary>
internal static class RunLock
{
    private static readonly string Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ledger-bench.lock");

    public static async Task<FileStream> AcquireAsync(TimeSpan limit)
    {
        var start = Clock.Now;
        var told = false;
        while (true)
        {
            try
            {
                var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                stream.SetLength(0);
                var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
                await stream.WriteAsync(pid);
                await stream.FlushAsync();
                return stream;
            }
            catch (IOException) when (Clock.Seconds(start, Clock.Now) < limit.TotalSeconds)
            {
                if (!told)
                {
                    Log.Info($"another benchmark holds {Path}; waiting for it to finish");
                    told = true;
                }

                await Task.Delay(2000);
            }
        }
    }
}

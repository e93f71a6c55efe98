using System.Globalization;

namespace Messaging.Benchmarks.Infrastructure;

/// <summary>
/// CPU time per process group from /proc (utime + stime), so each mode can say where the two cores went:
/// the broker (beam.smp), PostgreSQL (every postgres process), the worker, and this benchmark process.
/// </summary>
internal sealed class CpuSnapshot
{
    private const double TicksPerSecond = 100.0; // USER_HZ on Linux

    private readonly Dictionary<int, (string Group, string Comm, long Ticks)> _byPid;

    private CpuSnapshot(Dictionary<int, (string, string, long)> byPid, long at)
    {
        _byPid = byPid;
        At = at;
    }

    public long At { get; }

    public static CpuSnapshot Take(int? workerPid = null)
    {
        var self = Environment.ProcessId;
        var byPid = new Dictionary<int, (string, string, long)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var comm = stat[(open + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                var group =
                    pid == self ? "bench"
                    : pid == workerPid ? "worker"
                    : comm switch
                    {
                        "beam.smp" or "erl_child_setup" or "epmd" or "inet_gethost" => "rabbitmq",
                        _ when comm.StartsWith("postgres", StringComparison.Ordinal) => "postgres",
                        _ => "other",
                    };
                byPid[pid] = (group, comm, ticks);
            }
            catch (Exception ex)
                when (ex
                        is IOException
                            or UnauthorizedAccessException
                            or FormatException
                            or ArgumentOutOfRangeException
                            or IndexOutOfRangeException
                )
            {
                // The process ended while we read it.
            }
        }

        return new CpuSnapshot(byPid, Clock.Now);
    }

    /// <summary>CPU seconds per group between two snapshots (processes that ended in between are not counted).</summary>
    public static CpuUsage Between(CpuSnapshot before, CpuSnapshot after)
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var others = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (pid, (group, comm, ticks)) in after._byPid)
        {
            var start = before._byPid.TryGetValue(pid, out var b) ? b.Ticks : 0;
            var used = (ticks - start) / TicksPerSecond;
            seconds[group] = seconds.GetValueOrDefault(group) + used;
            if (group == "other")
            {
                others[comm] = others.GetValueOrDefault(comm) + used;
            }
        }

        return new CpuUsage(Clock.Seconds(before.At, after.At), seconds, others);
    }
}

internal sealed record CpuUsage(
    double WallSeconds,
    IReadOnlyDictionary<string, double> CpuSeconds,
    IReadOnlyDictionary<string, double> OtherByName
)
{
    public static readonly string[] Groups = ["worker", "rabbitmq", "postgres", "bench", "other"];

    /// <summary>e.g. "worker 0.71, rabbitmq 0.62, postgres 0.38, bench 0.21, other 0.02, idle 0.06 (cores busy, of 2)".</summary>
    public string Describe()
    {
        var cores = Environment.ProcessorCount;
        var parts = Groups
            .Where(CpuSeconds.ContainsKey)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g} {CpuSeconds[g] / WallSeconds:F2}"))
            .ToList();
        var idle = cores - CpuSeconds.Values.Sum() / WallSeconds;
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"idle {Math.Max(0, idle):F2}"));
        var busyOthers = OtherByName
            .Where(o => o.Value / WallSeconds >= 0.05)
            .OrderByDescending(o => o.Value)
            .Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Key} {o.Value / WallSeconds:F2}"))
            .ToList();
        var otherNote = busyOthers.Count == 0 ? "" : $"; other = {string.Join(", ", busyOthers)}";
        return $"{string.Join(", ", parts)} (cores, of {cores}{otherNote})";
    }

    /// <summary>e.g. "worker 412 µs, rabbitmq 170 µs, postgres 140 µs, bench 50 µs" of CPU per message.</summary>
    public string PerMessage(long messages) =>
        string.Join(
            ", ",
            Groups
                .Where(g => g != "other" && CpuSeconds.GetValueOrDefault(g) > 0)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g} {CpuSeconds[g] * 1e6 / messages:F0} us"))
        );

    public double CoresOf(string group) => CpuSeconds.GetValueOrDefault(group) / WallSeconds;

    /// <summary>Cores busy with anything but this process.</summary>
    public double BusyElsewhere => CpuSeconds.Where(c => c.Key != "bench").Sum(c => c.Value) / WallSeconds;

    /// <summary>
    /// Waits (up to <paramref name="limit"/>) until the machine is quiet: less than <paramref name="maxBusyCores"/>
    /// cores busy outside this process over a 2-second window. Returns the last measurement.
    /// </summary>
    public static async Task<CpuUsage> WaitForQuietAsync(double maxBusyCores, TimeSpan limit)
    {
        var start = Clock.Now;
        while (true)
        {
            var before = CpuSnapshot.Take();
            await Task.Delay(2000);
            var usage = CpuSnapshot.Between(before, CpuSnapshot.Take());
            if (usage.BusyElsewhere < maxBusyCores || Clock.Seconds(start, Clock.Now) > limit.TotalSeconds)
            {
                return usage;
            }

            Log.Info($"waiting for the machine to be quiet: {usage.Describe()}");
        }
    }
}

/// <summary>Samples a process's VmRSS every 200 ms (or as told) and keeps its VmHWM (peak resident set).</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private readonly TimeSpan _period;

    /// <summary>Samples every <paramref name="periodMs"/> ms (a short-lived process needs a short period).</summary>
    public MemorySampler(int pid, int periodMs = 200)
    {
        _pid = pid;
        _period = TimeSpan.FromMilliseconds(periodMs);
        _loop = Task.Run(LoopAsync);
    }

    public long CurrentRssKb { get; private set; }

    public long MaxRssKb { get; private set; }

    public long HwmKb { get; private set; }

    public int Samples { get; private set; }

    public (long RssKb, long HwmKb) Read()
    {
        long rss = 0,
            hwm = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = ParseKb(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = ParseKb(line);
                }
            }
        }
        catch (IOException)
        {
            // Gone.
        }

        return (rss, hwm);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_period);
        do
        {
            var (rss, hwm) = Read();
            if (rss > 0)
            {
                CurrentRssKb = rss;
                MaxRssKb = Math.Max(MaxRssKb, rss);
                HwmKb = Math.Max(HwmKb, hwm);
                Samples++;
            }
        } while (await timer.WaitForNextTickAsync(_stop.Token));
    }

    private static long ParseKb(string line) =>
        long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
}

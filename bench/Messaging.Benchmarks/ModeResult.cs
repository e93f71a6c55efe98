using Messaging.Benchmarks.Infrastructure;

namespace Messaging.Benchmarks;

/// <summary>One measured mode: the row of the results table plus the details printed under it.</summary>
internal sealed class ModeResult(string mode, long messages, double seconds)
{
    public string Mode { get; } = mode;

    public long Messages { get; } = messages;

    public double Seconds { get; } = seconds;

    public double MessagesPerSecond => Seconds > 0 ? Messages / Seconds : 0;

    /// <summary>Extra facts, in order, e.g. ("rows/s", "123456").</summary>
    public List<(string Name, string Value)> Details { get; } = [];

    /// <summary>Problems seen (errors, dead letters, failed checks); any makes the run fail.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Processor only: latency of the paced run at half the peak rate.</summary>
    public LatencyStats? PacedLatency { get; set; }

    public double? PacedRate { get; set; }

    /// <summary>Processor only: the worker's VmHWM (MB).</summary>
    public double? PeakMemoryMb { get; set; }

    /// <summary>Processor only: the worker's RSS at 25/50/75/100 % of the peak run (MB).</summary>
    public IReadOnlyList<double> RssAtProgressMb { get; set; } = [];

    public ModeResult With(string name, string value)
    {
        Details.Add((name, value));
        return this;
    }
}

using System.Diagnostics;

namespace Messaging.Benchmarks.Infrastructure;

internal static class Clock
{
    public static long Now => Stopwatch.GetTimestamp();

    public static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    public static double Millis(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    public static long FromSeconds(double seconds) => (long)(seconds * Stopwatch.Frequency);

    private static readonly long AnchorUtcTicks = DateTime.UtcNow.Ticks;
    private static readonly long AnchorTimestamp = Stopwatch.GetTimestamp();

    /// <summary>A wall-clock time (e.g. a time stamp another process wrote in a message) on this clock's scale.</summary>
    public static long FromUtc(DateTimeOffset time) =>
        AnchorTimestamp + (long)((time.UtcTicks - AnchorUtcTicks) * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));
}

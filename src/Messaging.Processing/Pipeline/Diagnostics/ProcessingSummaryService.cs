using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messaging.Processing.Pipeline.Diagnostics;

// One line of what was applied every ten seconds, and one of what was refused by reason (each when anything was): readable at any load,
// where a line per message would cost more than the work itself.
internal sealed partial class ProcessingSummaryService(
    ProcessingMetrics metrics,
    RefusalLog refusals,
    ILogger<ProcessingSummaryService> logger
) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = metrics.Totals;
        var lastRefused = new Dictionary<string, long>(StringComparer.Ordinal);
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var refused = refusals.ByReason.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
            var newly = refused
                .Select(r => (Reason: r.Key, Count: r.Value - lastRefused.GetValueOrDefault(r.Key)))
                .Where(r => r.Count > 0)
                .OrderByDescending(r => r.Count)
                .ThenBy(r => r.Reason, StringComparer.Ordinal)
                .ToList();
            if (newly.Count > 0)
            {
                LogRefusals(newly.Sum(r => r.Count), Interval.TotalSeconds, string.Join(", ", newly.Select(r => $"{r.Reason} {r.Count}")));
                lastRefused = refused;
            }

            var now = metrics.Totals;
            if (now != last)
            {
                LogSummary(
                    now.Applied - last.Applied,
                    now.Points - last.Points,
                    now.Duplicates - last.Duplicates,
                    Interval.TotalSeconds,
                    now.Applied
                );
                last = now;
            }
        }
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Applied {Applied} message(s) crediting {Points} points, {Duplicates} duplicate(s) "
            + "acknowledged without effect, in the last {Seconds} s ({Total} applied since start)"
    )]
    private partial void LogSummary(long applied, long points, long duplicates, double seconds, long total);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Refused {Refused} message(s) in the last {Seconds} s, parked in their _error queues, by reason: {ByReason}"
    )]
    private partial void LogRefusals(long refused, double seconds, string byReason);
}

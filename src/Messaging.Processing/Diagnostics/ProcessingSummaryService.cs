using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messaging.Processing.Diagnostics;

/// <summary>
/// Logs one line of what was applied every ten seconds (when anything was): readable at any load,
/// where a line per message would cost more than the work itself.
/// </summary>
internal sealed partial class ProcessingSummaryService(ProcessingMetrics metrics, ILogger<ProcessingSummaryService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = metrics.Totals;
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = metrics.Totals;
            if (now != last)
            {
                LogSummary(now.Applied - last.Applied, now.Points - last.Points, now.Duplicates - last.Duplicates, Interval.TotalSeconds, now.Applied);
                last = now;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Applied {Applied} message(s) crediting {Points} points, {Duplicates} duplicate(s) acknowledged without effect, in the last {Seconds} s ({Total} applied since start)")]
    private partial void LogSummary(long applied, long points, long duplicates, double seconds, long total);
}

using Messaging.Contracts;
using Messaging.Ledger.Quotas;
using Messaging.Processing.Pipeline.Faults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Quotas;

// Rolls idle users over into the new month early in it, exactly as their first use would (QuotaRollover), so reports and the stale-reset
// health check read zero without waiting for each user's next use. Not needed for correctness: a use or a status read rolls the month
// over by itself. Safe on any number of processors at once: each month opens once per key, under the lock of the user's month accounts.
internal sealed partial class QuotaRolloverSweeper(
    QuotaSweep sweep,
    Pipeline.Diagnostics.ProcessingMetrics metrics,
    IOptions<QuotaOptions> options,
    TimeProvider clock,
    ILogger<QuotaRolloverSweeper> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex)
                when ((TransientFaults.IsTransient(ex) || ex is MessageRejectedException) && !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(ex);
            }
        }
    }

    /// <returns>How many users were rolled over.</returns>
    internal async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var month = QuotaMonth.Of(now, options.Value.Zone);
        var rolled = await sweep.RollOverEveryoneAsync(month, now, cancellationToken);
        metrics.QuotaSwept(clock.GetUtcNow());
        if (rolled > 0)
        {
            LogRolledOver(rolled, month);
        }

        return rolled;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rolled {Count} idle user(s) over into quota month {Month}")]
    private partial void LogRolledOver(int count, string month);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The quota rollover sweep failed; it is tried again at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}

using Messaging.Ledger.Inbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Processing.Pipeline.Inbox;

// In small chunks.
internal sealed partial class InboxCleanupService(
    NpgsqlDataSource dataSource,
    IOptions<InboxOptions> options,
    ILogger<InboxCleanupService> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval);
        do
        {
            try
            {
                var deleted = await CleanupAsync(stoppingToken);
                if (deleted > 0)
                {
                    LogCleaned(deleted, options.Value.Retention);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogCleanupFailed(ex);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal Task<int> CleanupAsync(CancellationToken cancellationToken) =>
        InboxStore.DeleteOlderThanAsync(dataSource, options.Value.Retention, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbox cleanup removed {Count} message ids older than {Retention}")]
    private partial void LogCleaned(int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox cleanup failed; it will run again at the next interval")]
    private partial void LogCleanupFailed(Exception exception);
}

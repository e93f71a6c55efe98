using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Processing.Inbox;

/// <summary>Deletes inbox rows older than <see cref="InboxOptions.Retention"/>, in small chunks.</summary>
internal sealed partial class InboxCleanupService(
    NpgsqlDataSource dataSource,
    IOptions<InboxOptions> options,
    ILogger<InboxCleanupService> logger) : BackgroundService
{
    private const string DeleteChunkSql = """
        DELETE FROM inbox_state WHERE ctid = ANY(ARRAY(
            SELECT ctid FROM inbox_state WHERE received_at < now() - @retention LIMIT 5000))
        """;

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
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task<int> CleanupAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            await using var command = dataSource.CreateCommand(DeleteChunkSql);
            command.Parameters.Add(new NpgsqlParameter<TimeSpan>("retention", options.Value.Retention));
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
        }
        while (deleted > 0);
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbox cleanup removed {Count} message ids older than {Retention}")]
    private partial void LogCleaned(int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox cleanup failed; it will run again at the next interval")]
    private partial void LogCleanupFailed(Exception exception);
}

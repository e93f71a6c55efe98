using Messaging.Operations.Broker;
using Messaging.Operations.DeadLetters;
using Microsoft.Extensions.Options;

namespace Messaging.Api.DeadLetters;

// Off when DeadLetterOptions.Retention is zero.
public sealed partial class DeadLetterRetentionService(
    DeadLetterDesk desk,
    IOptions<DeadLetterOptions> options,
    ILogger<DeadLetterRetentionService> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Retention <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.RetentionCheck);
        do
        {
            try
            {
                await PassAsync(settings.Retention, stoppingToken);
            }
            catch (Exception ex)
                when (ex
                        is BrokerProblemException
                            or IOException
                            or UnauthorizedAccessException
                            or Npgsql.NpgsqlException
                            or RabbitMQ.Client.Exceptions.OperationInterruptedException
                )
            {
                // Nothing is removed that was not archived first; the next pass tries again.
                LogPassFailed(ex, ex.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<PurgeReport?> PassAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        if (!desk.CanRecord)
        {
            LogCannotRecord();
            return null;
        }

        await using var broker = await desk.ConnectAsync(cancellationToken);
        var archive = desk.NewArchivePath();
        var purged = await DeadLetterRetention.PassAsync(desk.Operations(broker), retention, archive, desk.Ledger!, cancellationToken);
        if (purged.Removed > 0)
        {
            LogRemoved(purged.Removed, retention, archive);
        }

        return purged;
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Dead-letter retention: archived and removed {Count} message(s) parked longer than {Retention}; archive {Archive}"
    )]
    private partial void LogRemoved(int count, TimeSpan retention, string archive);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Dead-letter retention pass failed ({Reason}); nothing unarchived was removed, it runs again at the next check"
    )]
    private partial void LogPassFailed(Exception exception, string reason);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Dead-letter retention is on but ConnectionStrings:LedgerApi is not set, so removals could "
            + "not be recorded: nothing is removed"
    )]
    private partial void LogCannotRecord();
}

using Messaging.Contracts.Chain;
using Messaging.Ledger.Chain;
using Messaging.Processing.Pipeline.Faults;
using Messaging.Processing.Pipeline.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Processing.Chain;

// Announces the hash chain's head once a UTC day, for auditors to keep outside the ledger (LedgerCheckpoint). The checkpoint's row and
// its outbox row commit together, so it is announced exactly when it is recorded, once per day on any number of processors.
internal sealed partial class LedgerCheckpointPublisher(
    NpgsqlDataSource dataSource,
    OutboxDispatcher outbox,
    TimeProvider clock,
    IOptions<ChainOptions> options,
    IOptions<OutboxOptions> outboxOptions,
    ILogger<LedgerCheckpointPublisher> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await TakeAsync(stoppingToken);
            }
            catch (Exception ex) when (TransientFaults.IsTransient(ex) && !stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }
        }
    }

    /// <returns>The checkpoint announced, or none when today's was taken already or the journal is empty.</returns>
    internal async Task<LedgerCheckpoint?> TakeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        IReadOnlyList<PendingOutboxMessage> published;
        LedgerCheckpoint checkpoint;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            if (await LedgerCheckpoints.TakeAsync(connection, day, cancellationToken) is not { } head)
            {
                return null;
            }

            checkpoint = new LedgerCheckpoint(head.Sequence, head.JournalEntryId, head.Hash, day, now);
            published = await OutboxWriter.InsertAsync(
                connection,
                [new OutgoingMessage(MassTransit.NewId.NextGuid(), checkpoint, null, null, null)],
                outboxOptions.Value.Lease,
                cancellationToken
            );
            await transaction.CommitAsync(cancellationToken);
        }

        outbox.Enqueue(published);
        LogTaken(day, checkpoint.Sequence, checkpoint.Hash);
        return checkpoint;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger checkpoint for {Day}: link {Sequence}, hash {Hash}")]
    private partial void LogTaken(DateOnly day, long sequence, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking the ledger checkpoint failed for a passing reason; the next look retries")]
    private partial void LogFailed(Exception exception);
}

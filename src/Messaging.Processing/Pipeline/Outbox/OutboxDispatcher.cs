using System.Threading.Channels;
using Messaging.Ledger.Outbox;
using Messaging.Processing.Pipeline.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Processing.Pipeline.Outbox;

// Keeps each row's message id so downstream inboxes can deduplicate, and deletes a row only after the broker confirmed it. A sweeper
// delivers whatever a crash or a broker outage left behind once the writer's lease has run out.
internal sealed partial class OutboxDispatcher(
    OutboxPublisher publisher,
    NpgsqlDataSource dataSource,
    CrashPoints crashPoints,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger
) : BackgroundService
{
    // More confirmed rows wait for the next delete.
    private const int MaxDeleteBatch = 10_000;

    private readonly Channel<PendingOutboxMessage> _committed = Channel.CreateUnbounded<PendingOutboxMessage>(
        new UnboundedChannelOptions { SingleReader = true }
    );

    private readonly Channel<long> _confirmed = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Rows that were just committed; delivery happens in the background.</summary>
    public void Enqueue(IReadOnlyList<PendingOutboxMessage> messages)
    {
        foreach (var message in messages)
        {
            _committed.Writer.TryWrite(message);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(DeliverCommittedAsync(stoppingToken), SweepAsync(stoppingToken), DeleteConfirmedAsync(stoppingToken));

    // In the background, many per statement, so delivering the next batch never waits for the bookkeeping of the last. The delete commits
    // without waiting for its WAL flush: a delete lost in a crash only means the row is delivered once more after its lease, with the same
    // message id, which consumers deduplicate anyway.
    private async Task DeleteConfirmedAsync(CancellationToken stoppingToken)
    {
        var batch = new List<long>();
        try
        {
            while (await _confirmed.Reader.WaitToReadAsync(stoppingToken))
            {
                await DeleteAvailableAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was confirmed until now is still removed below, so a clean stop leaves no row to redeliver.
        }

        using var flushLimit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await DeleteAvailableAsync(batch, flushLimit.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            LogBookkeepingFailed(ex);
        }
    }

    private async Task DeleteAvailableAsync(List<long> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            while (batch.Count < MaxDeleteBatch && _confirmed.Reader.TryRead(out var sequenceNumber))
            {
                batch.Add(sequenceNumber);
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                await OutboxStore.DeleteAsync(dataSource, batch, cancellationToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // Rows delivered but not deleted are delivered again after the lease, with the same message id.
                LogBookkeepingFailed(ex);
            }

            batch.Clear();
        }
    }

    private async Task DeliverCommittedAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingOutboxMessage>(options.Value.BatchSize);
        while (await _committed.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < options.Value.BatchSize && _committed.Reader.TryRead(out var message))
            {
                batch.Add(message);
            }

            crashPoints.Reached(CrashPoints.BeforeOutboxDelivery);
            await DeliverAsync(batch, stoppingToken);
            batch.Clear();
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                IReadOnlyList<PendingOutboxMessage> expired;
                do
                {
                    expired = await OutboxWriter.ClaimExpiredAsync(dataSource, options.Value.Lease, options.Value.BatchSize, stoppingToken);
                    if (expired.Count > 0)
                    {
                        LogSweeping(expired.Count);
                        await DeliverAsync(expired, stoppingToken);
                    }
                } while (expired.Count == options.Value.BatchSize);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The rows stay in the table; the next sweep tries again.
                LogSweepFailed(ex);
            }
        }
    }

    private async Task DeliverAsync(IReadOnlyList<PendingOutboxMessage> batch, CancellationToken stoppingToken)
    {
        bool[] confirmed;
        var error = "not confirmed by the broker";
        try
        {
            confirmed = await publisher.PublishAsync(batch, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPublishFailed(ex, batch.Count);
            confirmed = new bool[batch.Count];
            error = ex.GetBaseException().Message;
        }

        var delivered = batch.Where((_, i) => confirmed[i]).Select(m => m.SequenceNumber).ToList();
        var failed = batch.Where((_, i) => !confirmed[i]).Select(m => m.SequenceNumber).ToList();
        foreach (var sequenceNumber in delivered)
        {
            _confirmed.Writer.TryWrite(sequenceNumber);
        }

        try
        {
            if (failed.Count > 0)
            {
                LogNotConfirmed(failed.Count);
                await OutboxStore.RecordFailureAsync(dataSource, failed, error, stoppingToken);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // Rows delivered but not deleted are delivered again after the lease, with the same message id.
            LogBookkeepingFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox sweeper is delivering {Count} messages whose writer did not")]
    private partial void LogSweeping(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox sweep failed; rows stay and are retried")]
    private partial void LogSweepFailed(Exception exception);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Publishing part of an outbox batch of {Count} failed; those rows are retried after their lease"
    )]
    private partial void LogPublishFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} outbox messages were not confirmed; they are retried after their lease")]
    private partial void LogNotConfirmed(int count);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Could not update delivered outbox rows; they may be published again with the same message id"
    )]
    private partial void LogBookkeepingFailed(Exception exception);
}

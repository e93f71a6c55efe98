using Messaging.Contracts.Redemption;
using Messaging.Ledger.Holds;
using Messaging.Ledger.Redemptions;
using Messaging.Ledger.Writing;
using Messaging.Processing.Pipeline.Faults;
using Messaging.Processing.Pipeline.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Processing.Redemptions;

// The clock of the redemption flow, kept in the database because the broker has no delayed messages: signals passed fulfilment
// deadlines to the saga, voids holds that outlived their saga, and expires completed redemptions (refunding them when the policy says
// so). Every sweep is a transaction with its outbox rows, takes rows with SKIP LOCKED, and is safe on any number of processors at once.
internal sealed partial class RedemptionSweeper(
    NpgsqlDataSource dataSource,
    LedgerBatchWriter writer,
    OutboxDispatcher outbox,
    TimeProvider clock,
    IOptions<RedemptionOptions> options,
    IOptions<OutboxOptions> outboxOptions,
    ILogger<RedemptionSweeper> logger
) : BackgroundService
{
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SignalDeadlinesAsync(stoppingToken);
                var voided = await LedgerHolds.VoidExpiredAsync(dataSource, BatchSize, stoppingToken);
                if (voided > 0)
                {
                    LogHoldsVoided(voided);
                }

                await ExpireRedemptionsAsync(stoppingToken);
            }
            catch (Exception ex) when (TransientFaults.IsTransient(ex) && !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(ex);
            }
        }
    }

    internal async Task SignalDeadlinesAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PendingOutboxMessage> published;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var signals = (await RedemptionSagaStore.ClaimDueDeadlinesAsync(connection, BatchSize, cancellationToken))
                .Select(due => new OutgoingMessage(
                    MassTransit.NewId.NextGuid(),
                    new RedemptionDeadlinePassed(due.CorrelationId, due.DeadlineAt, clock.GetUtcNow()),
                    null,
                    null,
                    null
                ))
                .ToList();

            published = await OutboxWriter.InsertAsync(connection, signals, outboxOptions.Value.Lease, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        outbox.Enqueue(published);
    }

    internal async Task ExpireRedemptionsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PendingOutboxMessage> published;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var expired = await RedemptionExpiry.ExpireDueAsync(
                connection,
                writer,
                BatchSize,
                options.Value.RefundExpiredUnused,
                clock.GetUtcNow(),
                cancellationToken
            );
            if (expired.Count == 0)
            {
                return;
            }

            var announcements = expired
                .Select(r => new OutgoingMessage(
                    MassTransit.NewId.NextGuid(),
                    new RedemptionExpired(r.Id, r.UserId, r.RewardId, r.RefundedPoints, r.Balance, r.ExpiresAt, clock.GetUtcNow()),
                    null,
                    null,
                    null
                ))
                .ToList();
            published = await OutboxWriter.InsertAsync(connection, announcements, outboxOptions.Value.Lease, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        LogExpired(published.Count, options.Value.RefundExpiredUnused);
        outbox.Enqueue(published);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voided {Count} holds that outlived their expiry (their saga did not settle them)")]
    private partial void LogHoldsVoided(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired {Count} unused redemptions (refund policy: {Refund})")]
    private partial void LogExpired(int count, bool refund);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A redemption sweep failed for a passing reason; the next one retries")]
    private partial void LogSweepFailed(Exception exception);
}

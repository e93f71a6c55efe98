using Messaging.Contracts.Expiry;
using Messaging.Ledger.Expiry;
using Messaging.Processing.Pipeline.Faults;
using Messaging.Processing.Pipeline.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Processing.Expiry;

// Expires due lots with no cron job, as the quota rollover: each wallet in a transaction of its own, with its PointsExpired rows in the
// outbox, so an expiry and its announcement commit together. A redemption that touches the wallet first expires them the same way (the
// same keys), so whichever comes first writes them and the other finds nothing due. Then warns, once per lot, of what expires soon.
// Safe on any number of processors at once: wallets are locked, warnings claimed with SKIP LOCKED.
internal sealed partial class PointsExpirySweeper(
    NpgsqlDataSource dataSource,
    PointsExpiry expiry,
    OutboxDispatcher outbox,
    TimeProvider clock,
    IOptions<ExpiryOptions> options,
    IOptions<OutboxOptions> outboxOptions,
    ILogger<PointsExpirySweeper> logger
) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (TransientFaults.IsTransient(ex) && !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(ex);
            }
        }
    }

    /// <returns>How many lots expired and how many warnings went out.</returns>
    internal async Task<(int Expired, int Warned)> SweepAsync(CancellationToken cancellationToken)
    {
        var expired = 0;
        foreach (var user in await PointsExpiry.DueUsersAsync(dataSource, BatchSize, cancellationToken))
        {
            expired += await ExpireAsync(user, cancellationToken);
        }

        var warned = options.Value.WarnDays > 0 ? await WarnAsync(cancellationToken) : 0;
        if (expired + warned > 0)
        {
            LogSwept(expired, warned);
        }

        return (expired, warned);
    }

    private Task<int> ExpireAsync(string userId, CancellationToken cancellationToken) =>
        PublishWithAsync(
            async (connection, now) =>
                (await expiry.ExpireDueAsync(connection, userId, cancellationToken)).Select(lot => (object)Announcement(lot, now)).ToList(),
            cancellationToken
        );

    private Task<int> WarnAsync(CancellationToken cancellationToken) =>
        PublishWithAsync(
            async (connection, now) =>
                (await PointsExpiry.ClaimWarningsAsync(connection, options.Value.WarnDays, BatchSize, cancellationToken))
                    .Select(w => (object)new PointsExpiring(w.UserId, w.LotKey, w.Points, w.ExpiresAt, now))
                    .ToList(),
            cancellationToken
        );

    // One transaction: what the step writes to the ledger, and its announcements in the outbox, commit together or not at all.
    /// <returns>How many were announced.</returns>
    private async Task<int> PublishWithAsync(
        Func<NpgsqlConnection, DateTimeOffset, Task<List<object>>> step,
        CancellationToken cancellationToken
    )
    {
        IReadOnlyList<PendingOutboxMessage> published;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var messages = await step(connection, clock.GetUtcNow());
            published = await OutboxWriter.InsertAsync(
                connection,
                [.. messages.Select(m => new OutgoingMessage(MassTransit.NewId.NextGuid(), m, null, null, null))],
                outboxOptions.Value.Lease,
                cancellationToken
            );
            await transaction.CommitAsync(cancellationToken);
        }

        outbox.Enqueue(published);
        return published.Count;
    }

    /// <summary>The one shape of the announcement, whoever expired the lot (this sweeper, or a redemption).</summary>
    internal static PointsExpired Announcement(ExpiredLot lot, DateTimeOffset now) =>
        new(lot.UserId, lot.LotKey, lot.Points, lot.BalanceAfter, lot.EntryKey, lot.ExpiresAt, now);

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired {Expired} lot(s) of points; warned of {Warned} expiring soon")]
    private partial void LogSwept(int expired, int warned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A points expiry sweep failed for a passing reason; the next one retries")]
    private partial void LogSweepFailed(Exception exception);
}

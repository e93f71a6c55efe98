using Messaging.Contracts.Redemption;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Holds;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Messaging.Processing.Faults;
using Messaging.Processing.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Processing.Redemptions;

/// <summary>
/// The clock of the redemption flow, kept in the database because the broker has no delayed messages:
/// signals passed fulfilment deadlines to the saga, voids holds that outlived their saga, and expires
/// completed redemptions (refunding them when the policy says so). Every sweep is a transaction with its
/// outbox rows, takes rows with <c>SKIP LOCKED</c>, and is safe on any number of processors at once.
/// </summary>
internal sealed partial class RedemptionSweeper(
    NpgsqlDataSource dataSource,
    LedgerBatchWriter writer,
    OutboxDispatcher outbox,
    TimeProvider clock,
    IOptions<RedemptionOptions> options,
    IOptions<OutboxOptions> outboxOptions,
    ILogger<RedemptionSweeper> logger) : BackgroundService
{
    private const int BatchSize = 200;

    private const string DueDeadlinesSql = """
        UPDATE redemption_sagas SET deadline_signalled_at = now()
        WHERE correlation_id IN (
            SELECT correlation_id FROM redemption_sagas
            WHERE outcome IS NULL AND deadline_at <= now() AND deadline_signalled_at IS NULL
            ORDER BY deadline_at
            LIMIT @limit
            FOR UPDATE SKIP LOCKED)
        RETURNING correlation_id, deadline_at
        """;

    private const string DueExpiriesSql = """
        SELECT id, user_id, reward_id, points, expires_at FROM redemptions
        WHERE status = 'active' AND expires_at <= now()
        ORDER BY expires_at
        LIMIT @limit
        FOR UPDATE SKIP LOCKED
        """;

    private const string ExpireSql = """
        UPDATE redemptions r SET status = 'expired', expired_at = now(), refund_entry_id = x.refund
        FROM unnest(@ids, @refunds) AS x(id, refund)
        WHERE r.id = x.id
        """;

    private const string BalancesSql = "SELECT code, balance FROM accounts WHERE code = ANY(@codes)";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SignalDeadlinesAsync(stoppingToken);
                var voided = await HoldExpiry.VoidExpiredAsync(dataSource, BatchSize, stoppingToken);
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
            var signals = new List<OutgoingMessage>();
            await using (var due = new NpgsqlCommand(DueDeadlinesSql, connection))
            {
                due.Parameters.AddWithValue("limit", BatchSize);
                await using var reader = await due.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var signal = new RedemptionDeadlinePassed(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), clock.GetUtcNow());
                    signals.Add(new OutgoingMessage(MassTransit.NewId.NextGuid(), signal, null, null, null));
                }
            }

            published = await OutboxStore.InsertAsync(connection, signals, outboxOptions.Value.Lease, cancellationToken);
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
            var due = new List<(Guid Id, string UserId, string RewardId, long Points, DateTimeOffset ExpiresAt)>();
            await using (var select = new NpgsqlCommand(DueExpiriesSql, connection))
            {
                select.Parameters.AddWithValue("limit", BatchSize);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    due.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4)));
                }
            }

            if (due.Count == 0)
            {
                return;
            }

            // One statement per step for the whole batch: refunds, expiries, then the balances to announce.
            var refunds = options.Value.RefundExpiredUnused
                ? await RefundAsync(connection, due.Select(r => (r.Id, r.UserId, r.Points)).ToList(), cancellationToken)
                : new Dictionary<Guid, long>();
            await using (var expire = new NpgsqlCommand(ExpireSql, connection))
            {
                expire.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", due.Select(r => r.Id).ToArray()));
                expire.Parameters.Add(new NpgsqlParameter<long?[]>("refunds", due.Select(r => refunds.TryGetValue(r.Id, out var entry) ? entry : (long?)null).ToArray()));
                await expire.ExecuteNonQueryAsync(cancellationToken);
            }

            var balances = await BalancesAsync(connection, due.Select(r => AccountRef.UserWallet(r.UserId).Code).Distinct().ToArray(), cancellationToken);
            var announcements = due.Select(r => new OutgoingMessage(MassTransit.NewId.NextGuid(),
                    new RedemptionExpired(r.Id, r.UserId, r.RewardId, refunds.ContainsKey(r.Id) ? r.Points : 0,
                        balances.GetValueOrDefault(AccountRef.UserWallet(r.UserId).Code), r.ExpiresAt, clock.GetUtcNow()),
                    null, null, null))
                .ToList();

            published = await OutboxStore.InsertAsync(connection, announcements, outboxOptions.Value.Lease, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (published.Count > 0)
        {
            LogExpired(published.Count, options.Value.RefundExpiredUnused);
        }

        outbox.Enqueue(published);
    }

    /// <summary>Refunds each redemption with its own entry; returns the entry written per redemption (none if it was already refunded).</summary>
    private async Task<Dictionary<Guid, long>> RefundAsync(
        NpgsqlConnection connection, IReadOnlyList<(Guid Id, string UserId, long Points)> redemptions, CancellationToken cancellationToken)
    {
        var commands = redemptions.Select(r => new LedgerCommand(EntryDraft.Transfer(
            $"redemption-refund:{r.Id}", EntryTypes.RedemptionRefund, "Refund of an expired, unused redemption",
            PayloadHash.Of(r.Id.ToString(), r.UserId, r.Points.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            clock.GetUtcNow(), AccountRef.PlatformRedemptions, AccountRef.UserWallet(r.UserId), r.Points), [])).ToList();
        var outcomes = await writer.ApplyAsync(connection, commands, cancellationToken);
        var refunds = new Dictionary<Guid, long>();
        for (var i = 0; i < redemptions.Count; i++)
        {
            if (outcomes[i].AppliedEntries.Count > 0)
            {
                refunds[redemptions[i].Id] = outcomes[i].AppliedEntries[0].EntryId;
            }
        }

        return refunds;
    }

    private static async Task<Dictionary<string, long>> BalancesAsync(NpgsqlConnection connection, string[] codes, CancellationToken cancellationToken)
    {
        var balances = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(BalancesSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("codes", codes));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            balances[reader.GetString(0)] = reader.GetInt64(1);
        }

        return balances;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voided {Count} holds that outlived their expiry (their saga did not settle them)")]
    private partial void LogHoldsVoided(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired {Count} unused redemptions (refund policy: {Refund})")]
    private partial void LogExpired(int count, bool refund);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A redemption sweep failed for a passing reason; the next one retries")]
    private partial void LogSweepFailed(Exception exception);
}

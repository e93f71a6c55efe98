using System.Globalization;
using System.Text.Json;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Expiry;
using Messaging.Ledger.Holds;
using Messaging.Ledger.Journal;
using Npgsql;

namespace Messaging.Ledger.Redemptions;

// Each step runs inside the caller's transaction (the saga's message transaction, so it commits with its state and outgoing messages, or
// not at all). Locks are taken in one order in every step (the accounts in id order, then the reward), so concurrent redemptions queue
// instead of deadlocking.
public static class RedemptionSteps
{
    private const string RewardSql = "SELECT name, cost, active, stock, validity_days, fulfilment_kind FROM rewards WHERE id = @id";

    // Locks through ledger_lock_accounts: the processor's role may lock accounts but not update them.
    private const string LockWalletSql = "SELECT id, balance, held FROM ledger_lock_accounts(ARRAY[@code]::text[])";

    // What the wallet's due lots still hold: points past their expiry that no expiry entry took yet.
    private const string DueSql = """
        SELECT coalesce(sum(l.remaining), 0)::bigint FROM point_lots l JOIN accounts a ON a.id = l.account_id
        WHERE a.code = @code AND l.remaining > 0 AND l.expires_at <= now()
        """;

    private const string TakeStockSql = "UPDATE rewards SET stock = stock - 1, updated_at = now() WHERE id = @id AND stock > 0";

    private const string GiveBackStockSql = "UPDATE rewards SET stock = stock + 1, updated_at = now() WHERE id = @id AND stock IS NOT NULL";

    private const string RecordRedemptionSql = $"""
        INSERT INTO redemptions (id, user_id, reward_id, reward_name, points, status, voucher_code, details, journal_entry_id, redeemed_at,
            expires_at, is_used)
        VALUES (@id, @user, @reward, @name, @points, '{RedemptionStatuses.Active}', @voucher, @details, @entry, @redeemed_at, @expires_at,
            false)
        """;

    private const string BalanceSql = "SELECT coalesce((SELECT balance FROM accounts WHERE code = @code), 0)";

    /// <summary>Also the key of the journal entry its capture writes.</summary>
    public static string HoldKey(Guid redemptionId) => $"redemption:{redemptionId}";

    /// <summary>When the reward and the user's available points allow it, reserves one unit of stock and places a hold for the
    /// cost. The wallet's due lots expire first, so that no expired point is counted, let alone spent.</summary>
    /// <exception cref="HoldAlreadyPlacedException">
    /// An earlier delivery of the same request placed it first: the caller's transaction must roll back and the message be retried.
    /// </exception>
    public static async Task<ReservationOutcome> ReserveAsync(
        NpgsqlConnection connection,
        RedemptionReservation request,
        PointsExpiry expiry,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(expiry);
        string name;
        long cost;
        bool active;
        int? stock;
        int validityDays;
        string fulfilmentKind;
        long accountId = 0,
            balance = 0,
            held = 0,
            due = 0;

        // The reward, the wallet (locked) and its due points in one round trip: a saga step pays for every round trip it makes.
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(BatchCommand(RewardSql, ("id", request.RewardId)));
        batch.BatchCommands.Add(BatchCommand(LockWalletSql, ("code", AccountRef.UserWallet(request.UserId).Code)));
        batch.BatchCommands.Add(BatchCommand(DueSql, ("code", AccountRef.UserWallet(request.UserId).Code)));
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return new ReservationOutcome(
                    RejectionReasons.UnknownReward,
                    $"There is no reward '{request.RewardId}' in the catalog; check the reward id.",
                    null,
                    0,
                    0,
                    null,
                    0,
                    false
                );
            }

            (name, cost, active) = (reader.GetString(0), reader.GetInt64(1), reader.GetBoolean(2));
            stock = await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetInt32(3);
            (validityDays, fulfilmentKind) = (reader.GetInt32(4), reader.GetString(5));

            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                (accountId, balance, held) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }

            await reader.NextResultAsync(cancellationToken);
            due = await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : 0;
        }

        // Held points are the soonest-expiring ones and do not expire while held, so only due points beyond them expire.
        IReadOnlyList<ExpiredLot> expired = due > held ? await expiry.ExpireDueAsync(connection, request.UserId, cancellationToken) : [];
        balance -= expired.Sum(lot => lot.Points);

        ReservationOutcome Outcome(string? reason, string detail, long balance = 0, bool stockReserved = false) =>
            new(reason, detail, name, cost, validityDays, fulfilmentKind, balance, stockReserved) { Expired = expired };

        if (!active)
        {
            return Outcome(RejectionReasons.InactiveReward, $"Reward '{request.RewardId}' cannot be redeemed at the moment.");
        }

        if (request.ExpectedPoints is { } expected && expected != cost)
        {
            return Outcome(
                RejectionReasons.CostMismatch,
                $"The request expected {expected} points but reward '{request.RewardId}' costs {cost}; show the current cost and ask again."
            );
        }

        var available = balance - held;
        if (available < cost)
        {
            return Outcome(
                RejectionReasons.InsufficientPoints,
                $"User '{request.UserId}' has {available} points available ({balance} balance, {held} "
                    + $"held); reward '{request.RewardId}' costs {cost}.",
                balance
            );
        }

        var stockReserved = false;
        if (stock is not null)
        {
            await using var take = Command(connection, TakeStockSql, ("id", request.RewardId));
            if (await take.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return Outcome(RejectionReasons.OutOfStock, $"Reward '{request.RewardId}' is out of stock.", balance);
            }

            stockReserved = true;
        }

        if (
            !await LedgerHolds.PlaceAsync(
                connection,
                HoldKey(request.RedemptionId),
                accountId,
                cost,
                request.HoldExpiresAt,
                cancellationToken
            )
        )
        {
            throw new HoldAlreadyPlacedException($"The hold for redemption {request.RedemptionId} was placed by another delivery first.");
        }

        return Outcome(null, $"{cost} points held; {available - cost} left available.", balance, stockReserved);
    }

    /// <summary>Null when the hold is no longer active.</summary>
    public static async Task<CapturedRedemption?> CaptureAsync(
        NpgsqlConnection connection,
        RedemptionCapture redemption,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(redemption);
        // Both accounts the capture moves, locked up front in id order, the order every writer locks in: otherwise the
        // postings' foreign-key checks take share locks that the balance trigger's update locks then wait for in two
        // concurrent captures, a deadlock. The account of spent points is opened on its first capture.
        var spentTo = AccountRef.PlatformRedemptionsFor(redemption.RedemptionId);
        var wallet = AccountRef.UserWallet(redemption.UserId);
        var locked = await Writing.AccountLocks.LockOpenedAsync(connection, [spentTo, wallet], cancellationToken);
        var redemptionsAccount = locked[spentTo.Code].Id;

        var entry = new HoldCapture(
            EntryTypes.Redeemed,
            $"Redeemed {redemption.RewardName} ({redemption.RewardId})",
            PayloadHash.Of(
                redemption.RedemptionId.ToString(),
                redemption.UserId,
                redemption.RewardId,
                redemption.Points.ToString(CultureInfo.InvariantCulture)
            ),
            redemption.SourceMessageId,
            redemption.RedeemedAt,
            JsonSerializer.Serialize(
                new
                {
                    redemptionId = redemption.RedemptionId,
                    rewardId = redemption.RewardId,
                    voucherCode = redemption.VoucherCode,
                }
            )
        );
        if (
            await LedgerHolds.CaptureAsync(connection, HoldKey(redemption.RedemptionId), redemptionsAccount, entry, cancellationToken)
            is not { } captured
        )
        {
            return null;
        }

        var expiresAt = redemption.RedeemedAt.AddDays(redemption.ValidityDays);
        await using (
            var record = Command(
                connection,
                RecordRedemptionSql,
                ("id", redemption.RedemptionId),
                ("user", redemption.UserId),
                ("reward", redemption.RewardId),
                ("name", redemption.RewardName),
                ("points", captured.Amount),
                ("voucher", (object?)redemption.VoucherCode ?? DBNull.Value),
                ("details", (object?)redemption.Details ?? DBNull.Value),
                ("entry", captured.JournalEntryId),
                ("redeemed_at", redemption.RedeemedAt),
                ("expires_at", expiresAt)
            )
        )
        {
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        // The wallet is locked and this capture is its only move in the transaction: its balance after is known without asking.
        return new CapturedRedemption(expiresAt, locked[wallet.Code].Balance - captured.Amount);
    }

    /// <summary>Voids the hold if still active and gives back the stock it reserved.</summary>
    /// <returns>The wallet's balance.</returns>
    public static async Task<long> VoidAsync(
        NpgsqlConnection connection,
        Guid redemptionId,
        string userId,
        string rewardId,
        bool stockReserved,
        string reason,
        CancellationToken cancellationToken
    )
    {
        await LedgerHolds.VoidAsync(connection, HoldKey(redemptionId), reason, cancellationToken);
        if (stockReserved)
        {
            await using var giveBack = Command(connection, GiveBackStockSql, ("id", rewardId));
            await giveBack.ExecuteNonQueryAsync(cancellationToken);
        }

        return await BalanceAsync(connection, userId, cancellationToken);
    }

    private static async Task<long> BalanceAsync(NpgsqlConnection connection, string userId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, BalanceSql, ("code", AccountRef.UserWallet(userId).Code));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddParameters(command.Parameters, parameters);
        return command;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        AddParameters(command.Parameters, parameters);
        return command;
    }

    private static void AddParameters(NpgsqlParameterCollection target, (string Name, object Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            target.AddWithValue(name, value);
        }
    }
}

using MassTransit;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Processing.Faults;
using Messaging.Processing.Transactions;
using Npgsql;

namespace Messaging.Processing.Redemptions;

/// <summary>
/// The redemption's ledger steps in PostgreSQL, inside the consumed message's transaction. Locks are taken
/// in one order in every step (the redemptions account, then the wallet, then the reward), so concurrent
/// redemptions queue instead of deadlocking.
/// </summary>
internal sealed class RedemptionLedger : IRedemptionLedger
{
    private const string RewardSql = "SELECT name, cost, active, stock, validity_days, fulfilment_kind FROM rewards WHERE id = @id";

    private const string LockWalletSql = "SELECT id, balance, held FROM accounts WHERE code = @code FOR UPDATE";

    private const string TakeStockSql = "UPDATE rewards SET stock = stock - 1, updated_at = now() WHERE id = @id AND stock > 0";

    private const string GiveBackStockSql = "UPDATE rewards SET stock = stock + 1, updated_at = now() WHERE id = @id AND stock IS NOT NULL";

    private const string PlaceHoldSql = """
        INSERT INTO ledger_holds (hold_key, account_id, amount, status, expires_at)
        VALUES (@key, @account, @amount, 'active', @expires_at)
        ON CONFLICT (hold_key) DO NOTHING
        """;

    // Every capture (and refund) moves points through this one account: take it first, before the wallet, so
    // concurrent captures queue on it instead of deadlocking (their foreign-key checks would otherwise hold a
    // share lock on it that the posting trigger's update lock then waits for in each of them).
    private const string LockRedemptionsAccountSql = "SELECT id FROM accounts WHERE code = @code FOR UPDATE";

    // The entry exists before the hold is marked captured (the hold names it), and the hold is released
    // before the postings land, so the wallet's available points never dip below zero in between.
    private const string CaptureHoldSql = """
        WITH hold AS (
            SELECT id FROM ledger_holds WHERE hold_key = @key AND status = 'active' FOR UPDATE
        ), entry AS (
            INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, source_message_id, occurred_at, metadata)
            SELECT @key, @entry_type, @description, @hash, @message_id, @occurred_at, @metadata::jsonb FROM hold
            RETURNING id
        )
        UPDATE ledger_holds h
        SET status = 'captured', settled_at = now(), settled_reason = 'redeemed', journal_entry_id = (SELECT id FROM entry)
        FROM hold WHERE h.id = hold.id
        RETURNING h.account_id, h.amount, h.journal_entry_id
        """;

    private const string PostSql = """
        INSERT INTO postings (journal_entry_id, account_id, amount)
        VALUES (@entry, @wallet, -@amount), (@entry, (SELECT id FROM accounts WHERE code = @redemptions), @amount)
        """;

    private const string RecordRedemptionSql = """
        INSERT INTO redemptions (id, user_id, reward_id, reward_name, points, status, voucher_code, details, journal_entry_id, redeemed_at, expires_at, is_used)
        VALUES (@id, @user, @reward, @name, @points, 'active', @voucher, @details, @entry, @redeemed_at, @expires_at, false)
        """;

    private const string VoidHoldSql = """
        UPDATE ledger_holds SET status = 'voided', settled_at = now(), settled_reason = @reason
        WHERE hold_key = @key AND status = 'active'
        """;

    private const string BalanceSql = "SELECT coalesce((SELECT balance FROM accounts WHERE code = @code), 0)";

    public static string HoldKey(Guid redemptionId) => $"redemption:{redemptionId}";

    public async Task<Reservation> ReserveAsync(ConsumeContext context, RedemptionState redemption, long? expectedPoints, DateTimeOffset holdExpiresAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(redemption);
        var connection = TransactionOf(context).Connection;
        var token = context.CancellationToken;

        long cost;
        bool active;
        int? stock;
        await using (var command = Command(connection, RewardSql, ("id", redemption.RewardId)))
        await using (var reader = await command.ExecuteReaderAsync(token))
        {
            if (!await reader.ReadAsync(token))
            {
                return Reservation.Rejected(RejectionReasons.UnknownReward,
                    $"There is no reward '{redemption.RewardId}' in the catalog; check the reward id.");
            }

            redemption.RewardName = reader.GetString(0);
            cost = reader.GetInt64(1);
            active = reader.GetBoolean(2);
            stock = await reader.IsDBNullAsync(3, token) ? null : reader.GetInt32(3);
            redemption.ValidityDays = reader.GetInt32(4);
            redemption.FulfilmentKind = reader.GetString(5);
            redemption.Points = cost;
        }

        if (!active)
        {
            return Reservation.Rejected(RejectionReasons.InactiveReward, $"Reward '{redemption.RewardId}' cannot be redeemed at the moment.");
        }

        if (expectedPoints is { } expected && expected != cost)
        {
            return Reservation.Rejected(RejectionReasons.CostMismatch,
                $"The request expected {expected} points but reward '{redemption.RewardId}' costs {cost}; show the current cost and ask again.");
        }

        long accountId = 0, balance = 0, held = 0;
        await using (var command = Command(connection, LockWalletSql, ("code", AccountRef.UserWallet(redemption.UserId).Code)))
        await using (var reader = await command.ExecuteReaderAsync(token))
        {
            if (await reader.ReadAsync(token))
            {
                (accountId, balance, held) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        redemption.Balance = balance;
        var available = balance - held;
        if (available < cost)
        {
            return Reservation.Rejected(RejectionReasons.InsufficientPoints,
                $"User '{redemption.UserId}' has {available} points available ({balance} balance, {held} held); reward '{redemption.RewardId}' costs {cost}.");
        }

        if (stock is not null)
        {
            await using var take = Command(connection, TakeStockSql, ("id", redemption.RewardId));
            if (await take.ExecuteNonQueryAsync(token) == 0)
            {
                return Reservation.Rejected(RejectionReasons.OutOfStock, $"Reward '{redemption.RewardId}' is out of stock.");
            }

            redemption.StockReserved = true;
        }

        await using (var hold = Command(connection, PlaceHoldSql,
            ("key", HoldKey(redemption.CorrelationId)), ("account", accountId), ("amount", cost), ("expires_at", holdExpiresAt)))
        {
            if (await hold.ExecuteNonQueryAsync(token) == 0)
            {
                throw new ConcurrentUpdateException($"The hold for redemption {redemption.CorrelationId} was placed by another delivery first.");
            }
        }

        return Reservation.Held($"{cost} points held; {available - cost} left available.");
    }

    public async Task<bool> CaptureAsync(ConsumeContext context, RedemptionState redemption, DateTimeOffset redeemedAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(redemption);
        var transaction = TransactionOf(context);
        var connection = transaction.Connection;
        var token = context.CancellationToken;
        var key = HoldKey(redemption.CorrelationId);

        await using (var lockRedemptions = Command(connection, LockRedemptionsAccountSql, ("code", AccountRef.PlatformRedemptions.Code)))
        {
            await lockRedemptions.ExecuteNonQueryAsync(token);
        }

        long walletId, amount, entryId;
        await using (var capture = Command(connection, CaptureHoldSql,
            ("key", key),
            ("entry_type", EntryTypes.Redeemed),
            ("description", $"Redeemed {redemption.RewardName} ({redemption.RewardId})"),
            ("hash", PayloadHash.Of(redemption.CorrelationId.ToString(), redemption.UserId, redemption.RewardId, redemption.Points.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ("message_id", transaction.MessageId),
            ("occurred_at", redeemedAt),
            ("metadata", System.Text.Json.JsonSerializer.Serialize(new { redemptionId = redemption.CorrelationId, rewardId = redemption.RewardId, voucherCode = redemption.VoucherCode }))))
        await using (var reader = await capture.ExecuteReaderAsync(token))
        {
            if (!await reader.ReadAsync(token))
            {
                return false;
            }

            (walletId, amount, entryId) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        await using (var post = Command(connection, PostSql,
            ("entry", entryId), ("wallet", walletId), ("amount", amount), ("redemptions", AccountRef.PlatformRedemptions.Code)))
        {
            await post.ExecuteNonQueryAsync(token);
        }

        redemption.ExpiresAt = redeemedAt.AddDays(redemption.ValidityDays);
        await using (var record = Command(connection, RecordRedemptionSql,
            ("id", redemption.CorrelationId), ("user", redemption.UserId), ("reward", redemption.RewardId),
            ("name", redemption.RewardName ?? redemption.RewardId), ("points", amount),
            ("voucher", (object?)redemption.VoucherCode ?? DBNull.Value), ("details", (object?)redemption.RewardDetails ?? DBNull.Value),
            ("entry", entryId), ("redeemed_at", redeemedAt), ("expires_at", redemption.ExpiresAt)))
        {
            await record.ExecuteNonQueryAsync(token);
        }

        redemption.Balance = await BalanceAsync(connection, redemption.UserId, token);
        return true;
    }

    public async Task VoidAsync(ConsumeContext context, RedemptionState redemption, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(redemption);
        var connection = TransactionOf(context).Connection;
        var token = context.CancellationToken;
        await using (var command = Command(connection, VoidHoldSql, ("key", HoldKey(redemption.CorrelationId)), ("reason", reason)))
        {
            await command.ExecuteNonQueryAsync(token);
        }

        if (redemption.StockReserved)
        {
            await using var giveBack = Command(connection, GiveBackStockSql, ("id", redemption.RewardId));
            await giveBack.ExecuteNonQueryAsync(token);
            redemption.StockReserved = false;
        }

        redemption.Balance = await BalanceAsync(connection, redemption.UserId, token);
    }

    private static async Task<long> BalanceAsync(NpgsqlConnection connection, string userId, CancellationToken token)
    {
        await using var command = Command(connection, BalanceSql, ("code", AccountRef.UserWallet(userId).Code));
        return (long)(await command.ExecuteScalarAsync(token))!;
    }

    private static MessageTransaction TransactionOf(ConsumeContext context) =>
        context.TryGetPayload<MessageTransaction>(out var transaction)
            ? transaction
            : throw new InvalidOperationException("The redemption saga runs without a message transaction: its endpoint must use MessageTransactionFilter.");

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}

using System.Globalization;
using System.Text.Json;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Holds;
using Messaging.Ledger.Journal;
using Npgsql;

namespace Messaging.Ledger.Redemptions;

// Each step runs inside the caller's transaction (the saga's message transaction, so it commits with its state and outgoing messages, or
// not at all). Locks are taken in one order in every step (the accounts in id order, then the reward), so concurrent redemptions queue
// instead of deadlocking.
public static class RedemptionSteps
{
    private const string GiveBackStockSql = "UPDATE rewards SET stock = stock + 1, updated_at = now() WHERE id = @id AND stock IS NOT NULL";

    private const string RecordRedemptionsSql = $"""
        INSERT INTO redemptions (id, user_id, reward_id, reward_name, points, status, voucher_code, details, journal_entry_id, redeemed_at,
            expires_at, is_used)
        SELECT x.id, x.u, x.r, x.n, x.p, '{RedemptionStatuses.Active}', x.v, x.d, x.e, x.ra, x.ea, false
        FROM unnest(@ids, @users, @rewards, @names, @points, @vouchers, @details, @entries, @redeemed_at, @expires_at)
            AS x(id, u, r, n, p, v, d, e, ra, ea)
        """;

    private const string BalanceSql = "SELECT coalesce((SELECT balance FROM accounts WHERE code = @code), 0)";

    /// <summary>Also the key of the journal entry its capture writes.</summary>
    public static string HoldKey(Guid redemptionId) => $"redemption:{redemptionId}";

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

        var entry = CaptureEntryOf(redemption);
        if (
            await LedgerHolds.CaptureAsync(connection, HoldKey(redemption.RedemptionId), redemptionsAccount, entry, cancellationToken)
            is not { } captured
        )
        {
            return null;
        }

        var expiresAt = ExpiresAtOf(redemption);
        await using (
            var record = new NpgsqlBatch(connection)
            {
                BatchCommands = { RecordCommand([(redemption, captured.Amount, captured.JournalEntryId)]) },
            }
        )
        {
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        // The wallet is locked and this capture is its only move in the transaction: its balance after is known without asking.
        return new CapturedRedemption(expiresAt, locked[wallet.Code].Balance - captured.Amount);
    }

    /// <summary>The journal entry that spends a redemption's hold: one description, payload hash and metadata for every capture.</summary>
    public static HoldCapture CaptureEntryOf(RedemptionCapture redemption)
    {
        ArgumentNullException.ThrowIfNull(redemption);
        return new HoldCapture(
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
    }

    /// <summary>Until when a redemption can be used.</summary>
    public static DateTimeOffset ExpiresAt(DateTimeOffset redeemedAt, int validityDays) => redeemedAt.AddDays(validityDays);

    private static DateTimeOffset ExpiresAtOf(RedemptionCapture redemption) => ExpiresAt(redemption.RedeemedAt, redemption.ValidityDays);

    /// <summary>Records completed redemptions (each with the points and the entry its capture spent them in), in one statement.</summary>
    internal static NpgsqlBatchCommand RecordCommand(IReadOnlyList<(RedemptionCapture Redemption, long Points, long EntryId)> captured)
    {
        var command = new NpgsqlBatchCommand(RecordRedemptionsSql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. captured.Select(c => c.Redemption.RedemptionId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("users", [.. captured.Select(c => c.Redemption.UserId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("rewards", [.. captured.Select(c => c.Redemption.RewardId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("names", [.. captured.Select(c => c.Redemption.RewardName)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("points", [.. captured.Select(c => c.Points)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("vouchers", [.. captured.Select(c => c.Redemption.VoucherCode)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("details", [.. captured.Select(c => c.Redemption.Details)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("entries", [.. captured.Select(c => c.EntryId)]));
        command.Parameters.Add(Timestamps("redeemed_at", captured.Select(c => c.Redemption.RedeemedAt)));
        command.Parameters.Add(Timestamps("expires_at", captured.Select(c => ExpiresAtOf(c.Redemption))));
        return command;
    }

    private static NpgsqlParameter<DateTime[]> Timestamps(string name, IEnumerable<DateTimeOffset> values) =>
        new(name, [.. values.Select(v => v.UtcDateTime)])
        {
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz,
        };

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

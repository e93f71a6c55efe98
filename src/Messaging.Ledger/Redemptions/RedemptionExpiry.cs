using System.Globalization;
using System.Text.Json;
using Dapper;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.Ledger.Redemptions;

// Takes rows with SKIP LOCKED, so any number of processors can sweep at once; runs in the caller's transaction.
public static class RedemptionExpiry
{
    // With the account of spent points its capture credited: a refund debits that one (AccountRef.PlatformRedemptionsFor).
    private const string DueSql = $"""
        SELECT r.id, r.user_id, r.reward_id, r.points, r.expires_at,
               coalesce((SELECT a.code FROM postings p JOIN accounts a ON a.id = p.account_id
                         WHERE p.journal_entry_id = r.journal_entry_id AND a.kind = '{AccountKinds.PlatformRedemptions}'), @legacy) AS
                             spent_to
        FROM redemptions r
        WHERE r.status = '{RedemptionStatuses.Active}' AND r.expires_at <= now()
        ORDER BY r.expires_at
        LIMIT @limit
        FOR UPDATE OF r SKIP LOCKED
        """;

    private const string ExpireSql = $"""
        UPDATE redemptions r SET status = '{RedemptionStatuses.Expired}', expired_at = now(), refund_entry_id = x.refund
        FROM unnest(@ids, @refunds) AS x(id, refund)
        WHERE r.id = x.id
        """;

    private const string BalancesSql = "SELECT code, balance FROM accounts WHERE code = ANY(@codes)";

    public static string RefundKey(Guid redemptionId) => $"redemption-refund:{redemptionId}";

    /// <summary>One statement per step for the whole batch.</summary>
    public static async Task<IReadOnlyList<ExpiredRedemption>> ExpireDueAsync(
        NpgsqlConnection connection,
        LedgerBatchWriter writer,
        int limit,
        bool refund,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(writer);
        var select = new CommandDefinition(
            DueSql,
            new { limit, legacy = AccountRef.PlatformRedemptions.Code },
            cancellationToken: cancellationToken
        );
        var due = (await connection.QueryAsync<Due>(select)).AsList();
        if (due.Count == 0)
        {
            return [];
        }

        var refunds = refund
            ? await RefundAsync(connection, writer, due.Select(r => (r.Id, r.UserId, r.Points, r.SpentTo)).ToList(), now, cancellationToken)
            : new Dictionary<Guid, long>();
        await using (var expire = new NpgsqlCommand(ExpireSql, connection))
        {
            expire.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", due.Select(r => r.Id).ToArray()));
            expire.Parameters.Add(
                new NpgsqlParameter<long?[]>(
                    "refunds",
                    due.Select(r => refunds.TryGetValue(r.Id, out var entry) ? entry : (long?)null).ToArray()
                )
            );
            await expire.ExecuteNonQueryAsync(cancellationToken);
        }

        var balances = await BalancesAsync(
            connection,
            due.Select(r => AccountRef.UserWallet(r.UserId).Code).Distinct().ToArray(),
            cancellationToken
        );
        return due.Select(r => new ExpiredRedemption(
                r.Id,
                r.UserId,
                r.RewardId,
                refunds.ContainsKey(r.Id) ? r.Points : 0,
                balances.GetValueOrDefault(AccountRef.UserWallet(r.UserId).Code),
                r.ExpiresAt
            ))
            .ToList();
    }

    // Each redemption gets its own refund entry; none when it was already refunded.
    private static async Task<Dictionary<Guid, long>> RefundAsync(
        NpgsqlConnection connection,
        LedgerBatchWriter writer,
        IReadOnlyList<(Guid Id, string UserId, long Points, string SpentTo)> redemptions,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var commands = redemptions
            .Select(r => new LedgerWrite(
                EntryDraft.Transfer(
                    RefundKey(r.Id),
                    EntryTypes.RedemptionRefund,
                    "Refund of an expired, unused redemption",
                    PayloadHash.Of(r.Id.ToString(), r.UserId, r.Points.ToString(CultureInfo.InvariantCulture)),
                    now,
                    AccountRef.PlatformRedemptionsAt(r.SpentTo),
                    AccountRef.UserWallet(r.UserId),
                    r.Points,
                    // The capture it gives back: the refunded points expire as the soonest lot it drew (ledger_postings_apply).
                    JsonSerializer.Serialize(new { Refunds = RedemptionSteps.HoldKey(r.Id) })
                ),
                []
            ))
            .ToList();
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

    private static async Task<Dictionary<string, long>> BalancesAsync(
        NpgsqlConnection connection,
        string[] codes,
        CancellationToken cancellationToken
    )
    {
        var balances = await connection.QueryAsync<AccountBalance>(
            new CommandDefinition(BalancesSql, new { codes }, cancellationToken: cancellationToken)
        );
        return balances.ToDictionary(b => b.Code, b => b.Balance, StringComparer.Ordinal);
    }

    // A redemption due to expire, with the account of spent points its capture credited.
    private sealed record Due(Guid Id, string UserId, string RewardId, long Points, DateTimeOffset ExpiresAt, string SpentTo);

    private sealed record AccountBalance(string Code, long Balance);
}

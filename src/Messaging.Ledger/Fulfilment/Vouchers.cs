using Npgsql;

namespace Messaging.Ledger.Fulfilment;

public static class Vouchers
{
    /// <summary>The fulfilment kind the ledger issues itself, in the redemption's own transaction; every other kind is external.</summary>
    public const string Kind = "voucher";

    /// <summary>What a redemption's outcome says of the voucher it issued.</summary>
    public static string DetailsOf(string rewardId) => $"Voucher for reward {rewardId}";

    private const string IssueSql = """
        INSERT INTO issued_vouchers (code, redemption_id, reward_id) VALUES (@code, @redemption, @reward)
        ON CONFLICT (redemption_id) DO NOTHING;
        SELECT code FROM issued_vouchers WHERE redemption_id = @redemption;
        """;

    // A batch of redemptions' vouchers in one statement; a plain insert, for a caller that knows none was issued yet.
    private const string IssueManySql = """
        INSERT INTO issued_vouchers (code, redemption_id, reward_id) SELECT * FROM unnest(@codes, @redemptions, @rewards)
        """;

    private const string RevokeSql =
        "UPDATE issued_vouchers SET revoked_at = now() WHERE redemption_id = @redemption AND revoked_at IS NULL";

    /// <summary>Returns the code issued for the redemption before, if any, instead of <paramref name="code"/>.</summary>
    public static async Task<string> IssueAsync(
        NpgsqlConnection connection,
        Guid redemptionId,
        string rewardId,
        string code,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(IssueSql, connection);
        command.Parameters.AddWithValue("code", code);
        command.Parameters.AddWithValue("redemption", redemptionId);
        command.Parameters.AddWithValue("reward", rewardId);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    internal static NpgsqlBatchCommand IssueManyCommand(IReadOnlyList<IssuedVoucher> vouchers)
    {
        var command = new NpgsqlBatchCommand(IssueManySql);
        command.Parameters.Add(new NpgsqlParameter<string[]>("codes", [.. vouchers.Select(v => v.Code)]));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("redemptions", [.. vouchers.Select(v => v.RedemptionId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("rewards", [.. vouchers.Select(v => v.RewardId)]));
        return command;
    }

    /// <summary>Does nothing when there is no voucher or it is revoked already.</summary>
    public static async Task RevokeAsync(NpgsqlConnection connection, Guid redemptionId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(RevokeSql, connection);
        command.Parameters.AddWithValue("redemption", redemptionId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

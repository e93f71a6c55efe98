using Npgsql;

namespace Messaging.Ledger.Redemptions;

/// <summary>Marks a completed redemption used, once; in the caller's transaction.</summary>
public static class RedemptionUse
{
    private const string MarkSql = $"""
        UPDATE redemptions SET status = '{RedemptionStatuses.Used}', is_used = true, used_at = @used_at
        WHERE id = @id AND status = '{RedemptionStatuses.Active}' AND expires_at > @now
        RETURNING user_id, reward_id
        """;

    private const string StatusSql = "SELECT status, expires_at FROM redemptions WHERE id = @id";

    public static async Task<UseOutcome> MarkUsedAsync(NpgsqlConnection connection, Guid redemptionId, DateTimeOffset usedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var mark = new NpgsqlCommand(MarkSql, connection))
        {
            mark.Parameters.AddWithValue("id", redemptionId);
            mark.Parameters.AddWithValue("used_at", usedAt.ToUniversalTime());
            mark.Parameters.AddWithValue("now", now);
            await using var reader = await mark.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return new UseOutcome(UseOutcomeKind.Marked, reader.GetString(0), reader.GetString(1));
            }
        }

        await using var status = new NpgsqlCommand(StatusSql, connection);
        status.Parameters.AddWithValue("id", redemptionId);
        await using var found = await status.ExecuteReaderAsync(cancellationToken);
        if (!await found.ReadAsync(cancellationToken))
        {
            return new UseOutcome(UseOutcomeKind.Unknown);
        }

        return found.GetString(0) == RedemptionStatuses.Used
            ? new UseOutcome(UseOutcomeKind.AlreadyUsed)
            : new UseOutcome(UseOutcomeKind.Expired, ExpiredAt: found.GetFieldValue<DateTimeOffset>(1));
    }
}

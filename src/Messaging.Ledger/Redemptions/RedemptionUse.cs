using Dapper;
using Npgsql;

namespace Messaging.Ledger.Redemptions;

// Once per redemption; in the caller's transaction.
public static class RedemptionUse
{
    private const string MarkSql = $"""
        UPDATE redemptions SET status = '{RedemptionStatuses.Used}', is_used = true, used_at = @used_at
        WHERE id = @id AND status = '{RedemptionStatuses.Active}' AND expires_at > @now
        RETURNING user_id, reward_id
        """;

    private const string StatusSql = "SELECT status, expires_at FROM redemptions WHERE id = @id";

    public static async Task<UseOutcome> MarkUsedAsync(
        NpgsqlConnection connection,
        Guid redemptionId,
        DateTimeOffset usedAt,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var mark = new CommandDefinition(
            MarkSql,
            new
            {
                id = redemptionId,
                used_at = usedAt.ToUniversalTime(),
                now,
            },
            cancellationToken: cancellationToken
        );
        if (await connection.QuerySingleOrDefaultAsync<Marked>(mark) is { } marked)
        {
            return new UseOutcome(UseOutcomeKind.Marked, marked.UserId, marked.RewardId);
        }

        var found = await connection.QuerySingleOrDefaultAsync<Found>(
            new CommandDefinition(StatusSql, new { id = redemptionId }, cancellationToken: cancellationToken)
        );
        if (found is null)
        {
            return new UseOutcome(UseOutcomeKind.Unknown);
        }

        return found.Status == RedemptionStatuses.Used
            ? new UseOutcome(UseOutcomeKind.AlreadyUsed)
            : new UseOutcome(UseOutcomeKind.Expired, ExpiredAt: found.ExpiresAt);
    }

    private sealed record Marked(string UserId, string RewardId);

    private sealed record Found(string Status, DateTimeOffset ExpiresAt);
}

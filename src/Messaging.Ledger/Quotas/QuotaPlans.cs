using System.Text.Json;
using Dapper;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Operations;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.Ledger.Quotas;

// A change takes effect at once for the next month. For the current month an upgrade credits the difference at once (a quota_adjustment
// entry); a downgrade waits for the next month, so nobody loses tokens already given to them.
public sealed class QuotaPlans(NpgsqlDataSource dataSource, LedgerBatchWriter writer)
{
    private const string PlanOfSql = "SELECT plan FROM user_quota_plans WHERE user_id = @user";

    private const string ChangedSinceSql = "SELECT user_id, plan, changed_at FROM user_quota_plans WHERE changed_at >= @since";

    private const string SetSql = """
        INSERT INTO user_quota_plans (user_id, plan) VALUES (@user, @plan)
        ON CONFLICT (user_id) DO UPDATE SET plan = excluded.plan, changed_at = now()
        """;

    /// <summary>Null for the default plan.</summary>
    public async Task<string?> PlanOfAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(
            new CommandDefinition(PlanOfSql, new { user = userId }, cancellationToken: cancellationToken)
        );
    }

    /// <summary>Users moved to a plan at or after <paramref name="since"/> (all for <see cref="DateTimeOffset.MinValue"/>).</summary>
    public async Task<IReadOnlyList<(string UserId, string Plan, DateTimeOffset ChangedAt)>> ChangedSinceAsync(
        DateTimeOffset since,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var changes = await connection.QueryAsync<PlanChange>(
            new CommandDefinition(ChangedSinceSql, new { since = since.ToUniversalTime() }, cancellationToken: cancellationToken)
        );
        return changes.Select(c => (c.UserId, c.Plan, c.ChangedAt)).ToList();
    }

    /// <summary>For <paramref name="month"/>, opens it or credits an upgrade's difference.</summary>
    /// <returns>The month's quota after the change.</returns>
    public async Task<long> ChangeAsync(
        string userId,
        string plan,
        long monthlyLimit,
        string month,
        string operatorName,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var quota = AccountRef.TokenQuota(userId, month);
        var key = $"quota-upgrade:{userId}:{month}:{Guid.NewGuid():N}";
        var upgrade = new LedgerPrecondition(key, [AccountRef.TokenIssuance, quota], view => view.Credited(quota.Code) is var limit
            && limit < monthlyLimit
                ? EntryDraft.Transfer(
                    key,
                    EntryTypes.QuotaAdjustment,
                    $"{userId} moved to plan {plan}: {month}'s quota from {limit} to {monthlyLimit} tokens",
                    PayloadHash.Of(key),
                    now,
                    AccountRef.TokenIssuance,
                    quota,
                    monthlyLimit - limit,
                    JsonSerializer.Serialize(
                        new
                        {
                            UserId = userId,
                            Month = month,
                            Plan = plan,
                            From = limit,
                            To = monthlyLimit,
                        }
                    )
                )
                : null);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var set = new NpgsqlCommand(SetSql, connection))
        {
            set.Parameters.AddWithValue("user", userId);
            set.Parameters.AddWithValue("plan", plan);
            await set.ExecuteNonQueryAsync(cancellationToken);
        }

        var written = await writer.ApplyPreconditionsAsync(
            connection,
            [.. QuotaRollover.For(userId, month, monthlyLimit, now), upgrade],
            cancellationToken
        );
        await OperatorActionLog.RecordAsync(
            connection,
            operatorName,
            "quota-plan",
            JsonSerializer.Serialize(
                new
                {
                    userId,
                    plan,
                    monthlyLimit,
                    month,
                }
            ),
            written.Contains(key)
                ? $"{userId} on plan {plan}; {month} upgraded to {monthlyLimit} tokens"
                : $"{userId} on plan {plan} from the next month",
            cancellationToken
        );
        await transaction.CommitAsync(cancellationToken);
        return monthlyLimit;
    }

    /// <summary>Does nothing when the month is open already (a status read rolls over like a use).</summary>
    public async Task RollOverAsync(string userId, string month, long monthlyLimit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await writer.ApplyPreconditionsAsync(connection, QuotaRollover.For(userId, month, monthlyLimit, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed record PlanChange(string UserId, string Plan, DateTimeOffset ChangedAt);
}

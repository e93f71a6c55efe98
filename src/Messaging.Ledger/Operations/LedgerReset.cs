using Npgsql;

namespace Messaging.Ledger.Operations;

// Keeps the operator log and records the reset in it. Callers check the environment.
public sealed class LedgerReset(NpgsqlDataSource dataSource)
{
    // The operator log stays.
    internal const string Tables = """
        postings, journal_entries, journal_chain, accounts, inbox_state, outbox_message, ledger_refusals,
            ledger_holds, redemptions, redemption_sagas, issued_vouchers, rewards, tenants, limit_usage, user_quota_plans,
            attendances, attendance_streaks, attendance_badges, api_outbox, endpoint_pauses, point_lots, lot_draws, adjustments,
            ledger_checkpoints
        """;

    // Ids go on from where they were: restarting them would need to own the sequences, which the operator's role does not
    // (DatabaseRolesSql).
    internal const string WipeSql = $"TRUNCATE {Tables};\n{ReopenPlatformAccountsSql}";

    // In the order tests that seed rows by id expect; the other issuers' accounts open on first use, as every account does.
    internal const string ReopenPlatformAccountsSql = """
        INSERT INTO accounts (code, kind, owner_id, allow_negative) VALUES
            ('platform:issuance:orders', 'platform_issuance', NULL, true),
            ('platform:redemptions', 'platform_redemptions', NULL, false);
        """;

    public async Task ResetAsync(string operatorName, string environment, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var wipe = new NpgsqlCommand(WipeSql, connection))
        {
            await wipe.ExecuteNonQueryAsync(cancellationToken);
        }

        await OperatorActionLog.RecordAsync(
            connection,
            operatorName,
            "reset",
            System.Text.Json.JsonSerializer.Serialize(new { environment }),
            "ledger emptied",
            cancellationToken
        );
        await transaction.CommitAsync(cancellationToken);
    }
}

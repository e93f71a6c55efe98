using Dapper;
using Messaging.Ledger.Accounts;
using Npgsql;

namespace Messaging.Ledger.Expiry;

public sealed class LotQueries(NpgsqlDataSource dataSource)
{
    private const string WalletSql = "SELECT balance FROM accounts WHERE code = @wallet";

    private const string WalletAndHeldSql = "SELECT balance, held FROM accounts WHERE code = @wallet";

    private const string ExplainLotsSql = """
        SELECT l.journal_entry_id, e.idempotency_key, e.entry_type, e.recorded_at, l.amount, l.remaining, l.expires_at
        FROM point_lots l
        JOIN accounts a ON a.id = l.account_id
        JOIN journal_entries e ON e.id = l.journal_entry_id
        WHERE a.code = @wallet AND (@all OR l.remaining > 0)
        ORDER BY l.expires_at NULLS LAST, l.journal_entry_id
        """;

    private const string ExplainDrawsSql = """
        SELECT d.lot_entry_id, e.idempotency_key, e.entry_type, e.recorded_at, d.amount
        FROM lot_draws d
        JOIN accounts a ON a.id = d.account_id
        JOIN journal_entries e ON e.id = d.journal_entry_id
        WHERE a.code = @wallet AND d.lot_entry_id = ANY(@lots)
        ORDER BY d.id
        """;

    private const string LotsSql = """
        SELECT a.owner_id AS user_id, e.idempotency_key AS lot_key, e.entry_type, l.amount, l.remaining, e.recorded_at AS credited_at,
               l.expires_at
        FROM point_lots l
        JOIN accounts a ON a.id = l.account_id
        JOIN journal_entries e ON e.id = l.journal_entry_id
        WHERE a.code = @wallet AND l.remaining > 0 AND l.expires_at IS NOT NULL
        ORDER BY l.expires_at, l.journal_entry_id
        """;

    /// <summary>Null when the user has no wallet. <paramref name="all"/>: lots drawn to nothing too.</summary>
    public async Task<BalanceExplanation?> ExplainAsync(string userId, bool all, CancellationToken cancellationToken)
    {
        var wallet = AccountRef.UserWallet(userId).Code;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var figures = await connection.QueryFirstOrDefaultAsync<WalletFigures>(
            new CommandDefinition(WalletAndHeldSql, new { wallet }, transaction, cancellationToken: cancellationToken)
        );
        if (figures is null)
        {
            return null;
        }

        var lots = (
            await connection.QueryAsync<LotRow>(
                new CommandDefinition(ExplainLotsSql, new { wallet, all }, transaction, cancellationToken: cancellationToken)
            )
        ).AsList();
        var draws = (
            await connection.QueryAsync<DrawRow>(
                new CommandDefinition(
                    ExplainDrawsSql,
                    new { wallet, lots = lots.Select(l => l.JournalEntryId).ToArray() },
                    transaction,
                    cancellationToken: cancellationToken
                )
            )
        ).ToLookup(d => d.LotEntryId);
        return new BalanceExplanation(
            userId,
            figures.Balance,
            figures.Held,
            [
                .. lots.Select(l => new ExplainedLot(
                    l.IdempotencyKey,
                    l.EntryType,
                    l.RecordedAt,
                    l.Amount,
                    l.Remaining,
                    l.ExpiresAt,
                    [.. draws[l.JournalEntryId].Select(d => new LotDrawLine(d.IdempotencyKey, d.EntryType, d.RecordedAt, d.Amount))]
                )),
            ]
        );
    }

    /// <summary>Null when the user has no wallet.</summary>
    public async Task<ExpiringPoints?> ExpiringAsync(string userId, CancellationToken cancellationToken)
    {
        var wallet = AccountRef.UserWallet(userId).Code;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var balance = await connection.QueryFirstOrDefaultAsync<long?>(
            new CommandDefinition(WalletSql, new { wallet }, transaction, cancellationToken: cancellationToken)
        );
        if (balance is null)
        {
            return null;
        }

        var lots = (
            await connection.QueryAsync<ExpiringLot>(
                new CommandDefinition(LotsSql, new { wallet }, transaction, cancellationToken: cancellationToken)
            )
        ).AsList();
        return new ExpiringPoints(userId, balance.Value, balance.Value - lots.Sum(l => l.Remaining), lots);
    }

    private sealed record WalletFigures(long Balance, long Held);

    private sealed record LotRow(
        long JournalEntryId,
        string IdempotencyKey,
        string EntryType,
        DateTimeOffset RecordedAt,
        long Amount,
        long Remaining,
        DateTimeOffset? ExpiresAt
    );

    private sealed record DrawRow(long LotEntryId, string IdempotencyKey, string EntryType, DateTimeOffset RecordedAt, long Amount);
}

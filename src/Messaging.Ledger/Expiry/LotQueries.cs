using Dapper;
using Messaging.Ledger.Accounts;
using Npgsql;

namespace Messaging.Ledger.Expiry;

public sealed class LotQueries(NpgsqlDataSource dataSource)
{
    private const string WalletSql = "SELECT balance FROM accounts WHERE code = @wallet";

    private const string LotsSql = """
        SELECT a.owner_id AS user_id, e.idempotency_key AS lot_key, e.entry_type, l.amount, l.remaining, e.recorded_at AS credited_at,
               l.expires_at
        FROM point_lots l
        JOIN accounts a ON a.id = l.account_id
        JOIN journal_entries e ON e.id = l.journal_entry_id
        WHERE a.code = @wallet AND l.remaining > 0 AND l.expires_at IS NOT NULL
        ORDER BY l.expires_at, l.journal_entry_id
        """;

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
}

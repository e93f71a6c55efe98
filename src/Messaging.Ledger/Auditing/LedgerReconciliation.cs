using Dapper;
using Npgsql;

namespace Messaging.Ledger.Auditing;

// The audit's first three checks as numbers a metrics gauge can show, independently of the triggers meant to keep them.
public sealed class LedgerReconciliation(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        SELECT
          (SELECT count(*) FROM accounts a LEFT JOIN (SELECT account_id, sum(amount) AS total FROM postings GROUP BY account_id) s ON
              s.account_id = a.id
           WHERE a.balance <> coalesce(s.total, 0)) AS mismatched_balances,
          (SELECT count(*) FROM (SELECT e.id FROM journal_entries e LEFT JOIN postings p ON p.journal_entry_id = e.id
                                 GROUP BY e.id HAVING coalesce(sum(p.amount), 0) <> 0 OR count(p.id) < 2) u) AS unbalanced_entries,
          (SELECT count(*) FROM accounts WHERE NOT allow_negative AND balance < 0) AS forbidden_negatives,
          now() AS checked_at
        """;

    public async Task<Reconciliation> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<Reconciliation>(new CommandDefinition(Sql, cancellationToken: cancellationToken));
    }
}

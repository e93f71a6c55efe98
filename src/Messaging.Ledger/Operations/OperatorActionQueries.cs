using Dapper;
using Npgsql;

namespace Messaging.Ledger.Operations;

// Newest first.
public sealed class OperatorActionQueries(NpgsqlDataSource dataSource)
{
    private const string LatestSql = """
        SELECT id, occurred_at, operator, action, parameters::text, outcome FROM operator_actions
        WHERE (@operator = '' OR operator = @operator) ORDER BY id DESC LIMIT @limit
        """;

    public async Task<IReadOnlyList<OperatorAction>> LatestAsync(string? operatorName, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var latest = new CommandDefinition(LatestSql, new { @operator = operatorName ?? "", limit }, cancellationToken: cancellationToken);
        return (await connection.QueryAsync<OperatorAction>(latest)).AsList();
    }
}

using Npgsql;

namespace Messaging.Ledger.Operations;

/// <summary>Reads the operator log, newest first.</summary>
public sealed class OperatorActionQueries(NpgsqlDataSource dataSource)
{
    private const string LatestSql = """
        SELECT id, occurred_at, operator, action, parameters::text, outcome FROM operator_actions
        WHERE (@operator = '' OR operator = @operator) ORDER BY id DESC LIMIT @limit
        """;

    public async Task<IReadOnlyList<OperatorAction>> LatestAsync(string? operatorName, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LatestSql);
        command.Parameters.AddWithValue("operator", operatorName ?? "");
        command.Parameters.AddWithValue("limit", limit);
        var actions = new List<OperatorAction>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            actions.Add(new OperatorAction
            {
                Id = reader.GetInt64(0), OccurredAt = reader.GetFieldValue<DateTimeOffset>(1), Operator = reader.GetString(2),
                Action = reader.GetString(3), Parameters = reader.GetString(4), Outcome = reader.GetString(5),
            });
        }

        return actions;
    }
}

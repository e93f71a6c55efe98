using Npgsql;
using NpgsqlTypes;

namespace Messaging.Ledger.Operations;

// Rows are written inside the transaction of the action itself.
public static class OperatorActionLog
{
    public static async Task RecordAsync(
        NpgsqlConnection connection,
        string operatorName,
        string action,
        string parametersJson,
        string outcome,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(
            "INSERT INTO operator_actions (operator, action, parameters, outcome) VALUES (@operator, @action, @parameters, @outcome)",
            connection
        );
        command.Parameters.AddWithValue("operator", operatorName);
        command.Parameters.AddWithValue("action", action);
        command.Parameters.Add(new NpgsqlParameter("parameters", NpgsqlDbType.Jsonb) { Value = parametersJson });
        command.Parameters.AddWithValue("outcome", outcome);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using System.Text.Json;
using Dapper;
using Npgsql;

namespace Messaging.Ledger.Operations;

// Incident control (seed 002's "STOP: don't allow more transactions until the root cause is found"): pausing a message type's queue makes
// every processor stop consuming it, so its messages wait safely in the queue. Each change is recorded in the operator log in the same
// transaction.
public sealed class EndpointPauses(NpgsqlDataSource dataSource)
{
    /// <summary>False when it was paused already (nothing changes).</summary>
    public async Task<bool> PauseAsync(
        string queue,
        string messageType,
        string reason,
        string operatorName,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (
            var insert = new NpgsqlCommand(
                "INSERT INTO endpoint_pauses (queue, message_type, paused_by, reason) VALUES (@queue, "
                    + "@type, @by, @reason) ON CONFLICT (queue) DO NOTHING",
                connection
            )
        )
        {
            insert.Parameters.AddWithValue("queue", queue);
            insert.Parameters.AddWithValue("type", messageType);
            insert.Parameters.AddWithValue("by", operatorName);
            insert.Parameters.AddWithValue("reason", reason);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await OperatorActionLog.RecordAsync(
            connection,
            operatorName,
            "pause",
            JsonSerializer.Serialize(
                new
                {
                    queue,
                    messageType,
                    reason,
                }
            ),
            $"{messageType} paused",
            cancellationToken
        );
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>False when it was not paused (nothing changes).</summary>
    public async Task<bool> ResumeAsync(string queue, string messageType, string operatorName, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = new NpgsqlCommand("DELETE FROM endpoint_pauses WHERE queue = @queue", connection))
        {
            delete.Parameters.AddWithValue("queue", queue);
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await OperatorActionLog.RecordAsync(
            connection,
            operatorName,
            "resume",
            JsonSerializer.Serialize(new { queue, messageType }),
            $"{messageType} resumed",
            cancellationToken
        );
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Oldest first.</summary>
    public async Task<IReadOnlyList<EndpointPause>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var list = new CommandDefinition(
            "SELECT queue, message_type, paused_by, reason, paused_at FROM endpoint_pauses ORDER BY paused_at, queue",
            cancellationToken: cancellationToken
        );
        return (await connection.QueryAsync<EndpointPause>(list)).AsList();
    }
}

using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Messaging.Ledger.Refusals;

// Written in the same transaction that decided the refusal.
public static class LedgerRefusals
{
    private const string InsertSql = """
        INSERT INTO ledger_refusals (message_id, consumer_id, idempotency_key, reason_code, reason, payload)
        SELECT * FROM unnest(@message_ids, @consumer_ids, @keys, @codes, @reasons, @payloads)
        """;

    private const string LatestSql = """
        SELECT reason_code, reason FROM ledger_refusals WHERE idempotency_key = @key AND refused_at >= @since ORDER BY id DESC LIMIT 1
        """;

    /// <summary>How a tool that sent a command learns it was refused; null when none was recorded since <paramref name="since"/>.</summary>
    public static async Task<(string Code, string Reason)?> LatestAsync(
        NpgsqlDataSource dataSource,
        string key,
        DateTimeOffset since,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var refusal = await connection.QueryFirstOrDefaultAsync<Refusal>(
            new CommandDefinition(LatestSql, new { key, since = since.ToUniversalTime() }, cancellationToken: cancellationToken)
        );
        return refusal is null ? null : (refusal.ReasonCode, refusal.Reason);
    }

    public static async Task InsertAsync(
        NpgsqlConnection connection,
        IReadOnlyList<RefusalRecord> refusals,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(refusals);
        if (refusals.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(InsertSql, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("message_ids", refusals.Select(r => r.MessageId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("consumer_ids", refusals.Select(r => r.ConsumerId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", refusals.Select(r => r.IdempotencyKey).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("codes", refusals.Select(r => r.ReasonCode).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("reasons", refusals.Select(r => r.Reason).ToArray()));
        command.Parameters.Add(
            new NpgsqlParameter<string[]>("payloads", refusals.Select(r => r.PayloadJson).ToArray())
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
            }
        );
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record Refusal(string ReasonCode, string Reason);
}

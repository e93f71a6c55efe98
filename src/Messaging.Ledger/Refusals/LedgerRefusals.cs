using Npgsql;
using NpgsqlTypes;

namespace Messaging.Ledger.Refusals;

/// <summary>Records messages the ledger refused, in the same transaction that decided it.</summary>
public static class LedgerRefusals
{
    private const string InsertSql = """
        INSERT INTO ledger_refusals (message_id, consumer_id, idempotency_key, reason_code, reason, payload)
        SELECT * FROM unnest(@message_ids, @consumer_ids, @keys, @codes, @reasons, @payloads)
        """;

    public static async Task InsertAsync(
        NpgsqlConnection connection,
        IReadOnlyList<(Guid MessageId, string ConsumerId, string Key, string Code, string Reason, string Payload)> refusals,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refusals);
        if (refusals.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(InsertSql, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("message_ids", refusals.Select(r => r.MessageId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("consumer_ids", refusals.Select(r => r.ConsumerId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", refusals.Select(r => r.Key).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("codes", refusals.Select(r => r.Code).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("reasons", refusals.Select(r => r.Reason).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("payloads", refusals.Select(r => r.Payload).ToArray())
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

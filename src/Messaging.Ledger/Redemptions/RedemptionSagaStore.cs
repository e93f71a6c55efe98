using Npgsql;

namespace Messaging.Ledger.Redemptions;

// Optimistic concurrency: an update names the version it read, and a write that another message got to first returns false for the
// saga's adapter to retry.
public static class RedemptionSagaStore
{
    private const string Columns = """
        correlation_id, current_state, version, user_id, reward_id, reward_name, fulfilment_kind, points, validity_days,
        requested_at, request_hash, deadline_at, stock_reserved, outcome, outcome_reason, voucher_code, revocation_requested_at,
        created_at, updated_at
        """;

    private const string LoadSql = $"SELECT {Columns} FROM redemption_sagas WHERE correlation_id = @id";

    // Every request of a batch in one statement, at version 1; a plain insert, for a caller that has seen none of them exists.
    private const string InsertManySql = $"""
        INSERT INTO redemption_sagas ({Columns})
        SELECT x.id, x.state, 1, x.u, x.r, x.rn, x.k, x.p, x.v, x.ra, x.h, x.d, x.s, x.o, x.orr, x.vc, NULL, now(), now()
        FROM unnest(@ids, @states, @users, @rewards, @reward_names, @kinds, @points, @validity, @requested_at, @hashes, @deadlines,
            @stock_reserved, @outcomes, @reasons, @vouchers) AS x(id, state, u, r, rn, k, p, v, ra, h, d, s, o, orr, vc)
        ORDER BY x.id
        """;

    private const string UpdateSql = """
        UPDATE redemption_sagas SET current_state = @state, version = version + 1, reward_name = @reward_name, fulfilment_kind = @kind,
            points = @points, validity_days = @validity, deadline_at = @deadline, stock_reserved = @stock_reserved, outcome = @outcome,
            outcome_reason = @reason, voucher_code = @voucher, revocation_requested_at = @revocation, updated_at = now()
        WHERE correlation_id = @id AND version = @version
        """;

    private const string DueDeadlinesSql = """
        UPDATE redemption_sagas SET deadline_signalled_at = now()
        WHERE correlation_id IN (
            SELECT correlation_id FROM redemption_sagas
            WHERE outcome IS NULL AND deadline_at <= now() AND deadline_signalled_at IS NULL
            ORDER BY deadline_at
            LIMIT @limit
            FOR UPDATE SKIP LOCKED)
        RETURNING correlation_id, deadline_at
        """;

    /// <summary>Null when there is no such saga.</summary>
    public static async Task<TRecord?> LoadAsync<TRecord>(
        NpgsqlConnection connection,
        Guid correlationId,
        CancellationToken cancellationToken
    )
        where TRecord : RedemptionSagaRecord, new()
    {
        await using var command = new NpgsqlCommand(LoadSql, connection);
        command.Parameters.AddWithValue("id", correlationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new TRecord
        {
            CorrelationId = reader.GetGuid(0),
            CurrentState = reader.GetString(1),
            Version = reader.GetInt32(2),
            UserId = reader.GetString(3),
            RewardId = reader.GetString(4),
            RewardName = reader.IsDBNull(5) ? null : reader.GetString(5),
            FulfilmentKind = reader.IsDBNull(6) ? null : reader.GetString(6),
            Points = reader.GetInt64(7),
            ValidityDays = reader.GetInt32(8),
            RequestedAt = reader.GetFieldValue<DateTimeOffset>(9),
            RequestHash = reader.GetString(10),
            DeadlineAt = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
            StockReserved = reader.GetBoolean(12),
            Outcome = reader.IsDBNull(13) ? null : reader.GetString(13),
            OutcomeReason = reader.IsDBNull(14) ? null : reader.GetString(14),
            VoucherCode = reader.IsDBNull(15) ? null : reader.GetString(15),
            RevocationRequestedAt = reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(17),
            UpdatedAt = reader.GetFieldValue<DateTimeOffset>(18),
        };
    }

    /// <summary>Inserts every saga at version 1 in one statement (to send with other statements in one round trip).</summary>
    public static NpgsqlBatchCommand InsertManyCommand(IReadOnlyList<RedemptionSagaRecord> sagas)
    {
        ArgumentNullException.ThrowIfNull(sagas);
        var command = new NpgsqlBatchCommand(InsertManySql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. sagas.Select(s => s.CorrelationId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("states", [.. sagas.Select(s => s.CurrentState)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("users", [.. sagas.Select(s => s.UserId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("rewards", [.. sagas.Select(s => s.RewardId)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("reward_names", [.. sagas.Select(s => s.RewardName)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("kinds", [.. sagas.Select(s => s.FulfilmentKind)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("points", [.. sagas.Select(s => s.Points)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("validity", [.. sagas.Select(s => s.ValidityDays)]));
        command.Parameters.Add(Timestamps("requested_at", sagas.Select(s => (DateTimeOffset?)s.RequestedAt)));
        command.Parameters.Add(new NpgsqlParameter<string[]>("hashes", [.. sagas.Select(s => s.RequestHash)]));
        command.Parameters.Add(Timestamps("deadlines", sagas.Select(s => s.DeadlineAt)));
        command.Parameters.Add(new NpgsqlParameter<bool[]>("stock_reserved", [.. sagas.Select(s => s.StockReserved)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("outcomes", [.. sagas.Select(s => s.Outcome)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("reasons", [.. sagas.Select(s => s.OutcomeReason)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("vouchers", [.. sagas.Select(s => s.VoucherCode)]));
        foreach (var saga in sagas)
        {
            saga.Version = 1;
        }

        return command;
    }

    private static NpgsqlParameter<DateTime?[]> Timestamps(string name, IEnumerable<DateTimeOffset?> values) =>
        new(name, [.. values.Select(v => v?.UtcDateTime)])
        {
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz,
        };

    /// <summary>False when the saga changed since it was read.</summary>
    public static async Task<bool> UpdateAsync(NpgsqlConnection connection, RedemptionSagaRecord saga, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(UpdateSql, connection);
        AddState(command, saga);
        command.Parameters.AddWithValue("version", saga.Version);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        saga.Version++;
        return true;
    }

    private static void AddState(NpgsqlCommand command, RedemptionSagaRecord saga)
    {
        command.Parameters.AddWithValue("id", saga.CorrelationId);
        command.Parameters.AddWithValue("state", saga.CurrentState);
        command.Parameters.AddWithValue("reward_name", (object?)saga.RewardName ?? DBNull.Value);
        command.Parameters.AddWithValue("kind", (object?)saga.FulfilmentKind ?? DBNull.Value);
        command.Parameters.AddWithValue("points", saga.Points);
        command.Parameters.AddWithValue("validity", saga.ValidityDays);
        command.Parameters.AddWithValue("deadline", (object?)saga.DeadlineAt?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue("stock_reserved", saga.StockReserved);
        command.Parameters.AddWithValue("outcome", (object?)saga.Outcome ?? DBNull.Value);
        command.Parameters.AddWithValue("reason", (object?)saga.OutcomeReason ?? DBNull.Value);
        command.Parameters.AddWithValue("voucher", (object?)saga.VoucherCode ?? DBNull.Value);
        command.Parameters.AddWithValue("revocation", (object?)saga.RevocationRequestedAt?.ToUniversalTime() ?? DBNull.Value);
    }

    /// <summary>Marks up to <paramref name="limit"/> passed deadlines signalled, skipping rows another sweeper holds.</summary>
    public static async Task<IReadOnlyList<DueDeadline>> ClaimDueDeadlinesAsync(
        NpgsqlConnection connection,
        int limit,
        CancellationToken cancellationToken
    )
    {
        var due = new List<DueDeadline>();
        await using var command = new NpgsqlCommand(DueDeadlinesSql, connection);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueDeadline(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return due;
    }
}

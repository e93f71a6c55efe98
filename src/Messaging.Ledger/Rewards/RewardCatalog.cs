using Dapper;
using Messaging.Ledger.Operations;
using Npgsql;

namespace Messaging.Ledger.Rewards;

// Changes join the caller's transaction, so the operator log that records them commits with them.
public static class RewardCatalog
{
    public const int DefaultValidityDays = 365;
    public const string DefaultFulfilmentKind = Fulfilment.Vouchers.Kind;

    private const string Columns = "id, name, cost, active, stock, validity_days, fulfilment_kind, updated_at";

    private const string ListSql = $"SELECT {Columns} FROM rewards ORDER BY id";

    private const string SetActiveSql = $"""
        WITH before AS (SELECT id, active FROM rewards WHERE id = @id FOR UPDATE)
        UPDATE rewards r SET active = @active, updated_at = CASE WHEN r.active = @active THEN r.updated_at ELSE now() END
        FROM before WHERE r.id = before.id
        RETURNING r.id, r.name, r.cost, r.active, r.stock, r.validity_days, r.fulfilment_kind, r.updated_at, before.active AS was_active
        """;

    // A change to an existing reward may leave name or cost out: the proposed row still has to pass the table's
    // NOT NULL and CHECK constraints before the conflict turns it into an update, hence the stand-ins, which never
    // land (a new reward without name or cost is refused before this runs).
    private const string UpsertSql = $"""
        INSERT INTO rewards (id, name, cost, active, stock, validity_days, fulfilment_kind, updated_at)
        VALUES (@id, coalesce(@name, @id), coalesce(@cost, 1), true, @stock, coalesce(@validity, @default_validity), coalesce(@kind,
            @default_kind), now())
        ON CONFLICT (id) DO UPDATE SET
            name = coalesce(@name, rewards.name),
            cost = coalesce(@cost, rewards.cost),
            stock = CASE WHEN @stock_given THEN excluded.stock ELSE rewards.stock END,
            validity_days = coalesce(@validity, rewards.validity_days),
            fulfilment_kind = coalesce(@kind, rewards.fulfilment_kind),
            updated_at = now()
        RETURNING {Columns}, (xmax = 0) AS created
        """;

    private const string ExistsSql = "SELECT EXISTS (SELECT 1 FROM rewards WHERE id = @id)";

    private const string SeedSql = """
        INSERT INTO rewards (id, name, cost, active, stock, validity_days, fulfilment_kind)
        SELECT * FROM unnest(@ids, @names, @costs, @actives, @stocks, @validity, @kinds)
        ON CONFLICT (id) DO NOTHING
        """;

    public static async Task<IReadOnlyList<RewardRow>> ListAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<RewardRow>(new CommandDefinition(ListSql, cancellationToken: cancellationToken))).AsList();
    }

    /// <returns>Null when there is no such reward, else it and whether it was active.</returns>
    public static async Task<(RewardRow Reward, bool WasActive)?> SetActiveAsync(
        NpgsqlConnection connection,
        string id,
        bool active,
        CancellationToken cancellationToken
    )
    {
        var update = new CommandDefinition(SetActiveSql, new { id, active }, cancellationToken: cancellationToken);
        var rows = await connection.QueryAsync<RewardRow, bool, (RewardRow Reward, bool WasActive)?>(
            update,
            (reward, wasActive) => (reward, wasActive),
            splitOn: "was_active"
        );
        return rows.SingleOrDefault();
    }

    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, string id, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, new { id }, cancellationToken: cancellationToken));

    /// <exception cref="ArgumentException">A new reward without a name or a cost: check with <see cref="ExistsAsync"/> first to say
    /// so.</exception>
    public static async Task<(RewardRow Reward, bool Created)> UpsertAsync(
        NpgsqlConnection connection,
        RewardChange change,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(change);
        if ((change.Name is null || change.Cost is null) && !await ExistsAsync(connection, change.Id, cancellationToken))
        {
            throw new ArgumentException($"Reward '{change.Id}' does not exist yet: a new reward needs a name and a cost.", nameof(change));
        }

        var parameters = new
        {
            id = change.Id,
            name = change.Name,
            cost = change.Cost,
            stock = change.Stock,
            stock_given = change.StockGiven,
            validity = change.ValidityDays,
            default_validity = DefaultValidityDays,
            default_kind = DefaultFulfilmentKind,
            kind = change.FulfilmentKind,
        };
        var upsert = new CommandDefinition(UpsertSql, parameters, cancellationToken: cancellationToken);
        return (
            await connection.QueryAsync<RewardRow, bool, (RewardRow, bool)>(
                upsert,
                (reward, created) => (reward, created),
                splitOn: "created"
            )
        ).Single();
    }

    /// <summary>
    /// Records the change in operator_actions (with <paramref name="parameters"/>, what the operator asked) in one transaction. Null, and
    /// nothing written, for a new reward without a name or a cost.
    /// </summary>
    public static async Task<(RewardRow Reward, bool Created)?> SetAsync(
        NpgsqlDataSource dataSource,
        RewardChange change,
        string operatorName,
        string parameters,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if ((change.Name is null || change.Cost is null) && !await ExistsAsync(connection, change.Id, cancellationToken))
        {
            return null;
        }

        var (reward, created) = await UpsertAsync(connection, change, cancellationToken);
        await OperatorActionLog.RecordAsync(
            connection,
            operatorName,
            "reward-set",
            parameters,
            $"{(created ? "created" : "updated")} reward {reward.Id}",
            cancellationToken
        );
        await transaction.CommitAsync(cancellationToken);
        return (reward, created);
    }

    /// <summary>Leaves existing rewards alone: the database owns them once seeded.</summary>
    public static async Task SeedAsync(NpgsqlDataSource dataSource, IReadOnlyList<RewardSeed> seeds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(SeedSql);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", seeds.Select(r => r.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("names", seeds.Select(r => r.Name).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("costs", seeds.Select(r => r.Cost).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<bool[]>("actives", seeds.Select(r => r.Active).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int?[]>("stocks", seeds.Select(r => r.Stock).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("validity", seeds.Select(r => r.ValidityDays).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("kinds", seeds.Select(r => r.FulfilmentKind).ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

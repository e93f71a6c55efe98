using System.CommandLine;
using System.Text.Json;
using Messaging.Ledger.Operations;
using Npgsql;

namespace Messaging.Admin.Rewards;

/// <summary>
/// <c>rewards list | set | activate | deactivate</c>: the reward catalog redemptions draw from. Every change is
/// recorded in operator_actions, in the same transaction.
/// </summary>
internal static class RewardCommand
{
    public const string Columns = "id, name, cost, active, stock, validity_days, fulfilment_kind, updated_at";

    public static Command Create(AdminContext context)
    {
        var command = new Command("rewards", "List and change the reward catalog (cost, stock, validity, fulfilment; activate or deactivate).");
        command.Subcommands.Add(RewardListCommand.Create(context));
        command.Subcommands.Add(RewardSetCommand.Create(context));
        command.Subcommands.Add(RewardActivateCommand.Create(context));
        command.Subcommands.Add(RewardDeactivateCommand.Create(context));
        return command;
    }

    /// <summary>Reads one row selected with <see cref="Columns"/>.</summary>
    public static RewardRow Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetBoolean(3),
        reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetInt32(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7));

    public static string Describe(RewardRow reward) =>
        $"{reward.Id}  {reward.Name}  cost {reward.Cost}  {(reward.Active ? "active" : "inactive")}  stock {reward.StockText}  valid {reward.ValidityDays} day(s)  fulfilment {reward.FulfilmentKind}";

    /// <summary>
    /// <c>rewards activate|deactivate ID</c>: switches whether a reward can be redeemed; exit 4 when there is no such reward.
    /// Redemptions already holding points for it go on; only new requests see the change.
    /// </summary>
    public static async Task<int> SetActiveAsync(AdminContext context, ParseResult result, string id, bool active, CancellationToken cancellationToken)
    {
        await using var dataSource = context.DataSource(result);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        RewardRow? reward = null;
        bool? was = null;
        await using (var update = new NpgsqlCommand(
            $"""
            WITH before AS (SELECT id, active FROM rewards WHERE id = @id FOR UPDATE)
            UPDATE rewards r SET active = @active, updated_at = CASE WHEN r.active = @active THEN r.updated_at ELSE now() END
            FROM before WHERE r.id = before.id
            RETURNING {string.Join(", ", Columns.Split(", ").Select(c => "r." + c))}, before.active
            """, connection))
        {
            update.Parameters.AddWithValue("id", id);
            update.Parameters.AddWithValue("active", active);
            await using var reader = await update.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                reward = Read(reader);
                was = reader.GetBoolean(8);
            }
        }

        if (reward is null)
        {
            await context.Error.WriteLineAsync($"No reward '{id}' in the catalog. `rewards list` shows the ids (they are case-sensitive); `rewards set` adds one.");
            return ExitCodes.NotFound;
        }

        var verb = active ? "activated" : "deactivated";
        var outcome = was == active ? $"reward {id} was already {(active ? "active" : "inactive")}" : $"reward {id} {verb}";
        await OperatorActionLog.RecordAsync(connection, context.OperatorName(result), active ? "reward-activate" : "reward-deactivate",
            JsonSerializer.Serialize(new { id, active, wasActive = was }), outcome, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (context.WantsJson(result))
        {
            await context.WriteJsonAsync(new { changed = was != active, reward });
        }
        else
        {
            await context.Output.WriteLineAsync(Describe(reward));
            await context.Output.WriteLineAsync($"{outcome}; recorded in operator_actions");
        }

        return ExitCodes.Ok;
    }
}

/// <summary>The JSON shape of one reward in <c>rewards list --json</c> and after a change.</summary>
internal sealed record RewardRow(string Id, string Name, long Cost, bool Active, int? Stock, int ValidityDays, string FulfilmentKind, DateTimeOffset UpdatedAt)
{
    /// <summary>No stock limit (<see cref="Stock"/> is null).</summary>
    public bool Unlimited => Stock is null;

    [System.Text.Json.Serialization.JsonIgnore]
    public string StockText => Stock?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited";
}

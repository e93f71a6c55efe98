using System.CommandLine;
using System.Text.Json;
using Messaging.Ledger.Operations;
using Messaging.Ledger.Rewards;

namespace Messaging.Admin.Rewards;

// Every change is recorded in operator_actions, in the same transaction.
internal static class RewardCommand
{
    public static Command Create(AdminContext context)
    {
        var command = new Command(
            "rewards",
            "List and change the reward catalog (cost, stock, validity, fulfilment; activate or deactivate)."
        );
        command.Subcommands.Add(RewardListCommand.Create(context));
        command.Subcommands.Add(RewardSetCommand.Create(context));
        command.Subcommands.Add(RewardActivateCommand.Create(context));
        command.Subcommands.Add(RewardDeactivateCommand.Create(context));
        return command;
    }

    public static string Describe(RewardRow reward) =>
        $"{reward.Id}  {reward.Name}  cost {reward.Cost}  {(reward.Active ? "active" : "inactive")} "
        + $" stock {reward.StockText}  valid {reward.ValidityDays} day(s)  fulfilment "
        + $"{reward.FulfilmentKind}";

    /// <summary>Redemptions already holding points for the reward go on; only new requests see the change.</summary>
    public static async Task<int> SetActiveAsync(
        AdminContext context,
        ParseResult result,
        string id,
        bool active,
        CancellationToken cancellationToken
    )
    {
        await using var dataSource = context.DataSource(result);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await RewardCatalog.SetActiveAsync(connection, id, active, cancellationToken);
        if (changed is not { } found)
        {
            await context.Error.WriteLineAsync(
                $"No reward '{id}' in the catalog. `rewards list` shows the ids (they are case-sensitive); `rewards set` adds one."
            );
            return ExitCodes.NotFound;
        }

        var (reward, was) = found;
        var verb = active ? "activated" : "deactivated";
        var outcome = was == active ? $"reward {id} was already {(active ? "active" : "inactive")}" : $"reward {id} {verb}";
        await OperatorActionLog.RecordAsync(
            connection,
            context.OperatorName(result),
            active ? "reward-activate" : "reward-deactivate",
            JsonSerializer.Serialize(
                new
                {
                    id,
                    active,
                    wasActive = was,
                }
            ),
            outcome,
            cancellationToken
        );
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

using System.CommandLine;
using System.Text.Json;
using Messaging.Ledger.Rewards;

namespace Messaging.Admin.Rewards;

// Checked like the database checks them, so a mistake is a usage error (exit 1), not a failed write.
internal static class RewardSetCommand
{
    public static Command Create(AdminContext context)
    {
        var id = new Argument<string>("id") { Description = "The reward id (1-100 characters), as redemption requests name it." };
        var name = new Option<string?>("--name") { Description = "What users see (1-200 characters); required for a new reward." };
        var cost = new Option<long?>("--cost") { Description = "Points it costs (more than 0); required for a new reward." };
        var stock = new Option<int?>("--stock") { Description = "How many are left (0 or more); new rewards are unlimited unless given." };
        var unlimited = new Option<bool>("--unlimited") { Description = "No stock limit." };
        var validityDays = new Option<int?>("--validity-days")
        {
            Description = $"How many days a redemption can be used (more than 0; new rewards: {RewardCatalog.DefaultValidityDays}).",
        };
        var fulfilmentKind = new Option<string?>("--fulfilment-kind")
        {
            Description =
                $"Who fulfils it: '{RewardCatalog.DefaultFulfilmentKind}' (built in, the default for new "
                + "rewards) or another kind served on fulfilment-KIND (lower-case letters, digits, dashes).",
        };

        var command = new Command(
            "set",
            "Add a reward (active; --name and --cost required) or change one: options left out keep "
                + "their current value. Recorded in operator_actions."
        )
        {
            id,
            name,
            cost,
            stock,
            unlimited,
            validityDays,
            fulfilmentKind,
        };
        command.Validators.Add(r =>
        {
            var idValue = r.GetValue(id);
            if (!RewardRules.IsId(idValue))
            {
                r.AddError($"The reward id must be 1 to {RewardRules.MaxIdLength} characters.");
            }

            if (r.GetValue(name) is { } nameValue && !RewardRules.IsName(nameValue))
            {
                r.AddError($"--name must be 1 to {RewardRules.MaxNameLength} characters.");
            }

            if (r.GetValue(cost) is <= 0)
            {
                r.AddError($"--cost must be more than 0 points (got {r.GetValue(cost)}).");
            }

            if (r.GetValue(stock) is { } stockValue && stockValue < 0)
            {
                r.AddError($"--stock must be 0 or more (got {stockValue}); use --unlimited for no limit.");
            }

            if (r.GetResult(stock) is not null && r.GetValue(unlimited))
            {
                r.AddError("Give either --stock or --unlimited, not both.");
            }

            if (r.GetValue(validityDays) is { } days && days <= 0)
            {
                r.AddError($"--validity-days must be more than 0 (got {days}).");
            }

            if (r.GetValue(fulfilmentKind) is { } kind && !RewardRules.IsFulfilmentKind(kind))
            {
                r.AddError(
                    $"--fulfilment-kind '{kind}' is not a kind: use lower-case letters, digits and dashes, "
                        + $"starting with a letter or digit, at most {RewardRules.MaxFulfilmentKindLength} characters "
                        + "(e.g. voucher)."
                );
            }
        });

        command.SetAction(
            async (result, cancellationToken) =>
            {
                var stockGiven = result.GetResult(stock) is not null || result.GetValue(unlimited);
                var parameters = new
                {
                    id = result.GetValue(id)!,
                    name = result.GetValue(name),
                    cost = result.GetValue(cost),
                    stock = result.GetValue(stock),
                    unlimited = result.GetValue(unlimited),
                    validityDays = result.GetValue(validityDays),
                    fulfilmentKind = result.GetValue(fulfilmentKind),
                };

                await using var dataSource = context.DataSource(result);
                var change = new RewardChange(
                    parameters.id,
                    parameters.name,
                    parameters.cost,
                    stockGiven,
                    parameters.stock,
                    parameters.validityDays,
                    parameters.fulfilmentKind
                );
                var set = await RewardCatalog.SetAsync(
                    dataSource,
                    change,
                    context.OperatorName(result),
                    JsonSerializer.Serialize(parameters),
                    cancellationToken
                );
                if (set is not { } written)
                {
                    await context.Error.WriteLineAsync(
                        $"Reward '{parameters.id}' does not exist yet: a new reward needs --name and --cost (the "
                            + "other options are optional). `rewards list` shows the ids."
                    );
                    return ExitCodes.Usage;
                }

                var (reward, created) = written;
                var outcome = $"{(created ? "created" : "updated")} reward {reward.Id}";
                if (context.WantsJson(result))
                {
                    await context.WriteJsonAsync(new { created, reward });
                }
                else
                {
                    await context.Output.WriteLineAsync(RewardCommand.Describe(reward));
                    await context.Output.WriteLineAsync($"{outcome}; recorded in operator_actions");
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

using System.CommandLine;
using Messaging.Ledger.Operations;

namespace Messaging.Admin.Resets;

// Guarded twice: LEDGER_ENVIRONMENT must be Development or Test here, and the database refuses unless it is marked as a development or
// test database (ledger_environment).
internal static class ResetCommand
{
    private static readonly string[] AllowedEnvironments = ["Development", "Test"];

    public static Command Create(AdminContext context)
    {
        var yes = new Option<bool>("--yes") { Description = "Confirm that every account, entry and posting is to be deleted." };
        var command = new Command(
            "reset",
            "Empty the ledger (Development and Test environments and databases only, as the schema's "
                + "owner: ConnectionStrings__LedgerOwner; needs --yes)."
        )
        {
            yes,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var environment = AdminContext.EnvironmentName;
                if (!AllowedEnvironments.Contains(environment, StringComparer.OrdinalIgnoreCase))
                {
                    await context.Error.WriteLineAsync(
                        $"reset refused: the environment is '{environment}'. It only runs where LEDGER_ENVIRONMENT "
                            + "(or DOTNET_ENVIRONMENT) is Development or Test; a production ledger is corrected with "
                            + "entries, never wiped."
                    );
                    return ExitCodes.Refused;
                }

                if (!result.GetValue(yes))
                {
                    await context.Error.WriteLineAsync(
                        "reset deletes every account, entry and posting of this ledger. Run it again with --yes to confirm."
                    );
                    return ExitCodes.Refused;
                }

                await using var dataSource = context.OwnerDataSource(result);
                await new LedgerReset(dataSource).ResetAsync(context.OperatorName(result), environment, cancellationToken);
                await context.Output.WriteLineAsync($"ledger reset ({environment}); recorded in operator_actions");
                return ExitCodes.Ok;
            }
        );
        return command;
    }
}

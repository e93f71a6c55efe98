using System.CommandLine;

namespace Messaging.Admin.Rewards;

internal static class RewardDeactivateCommand
{
    public static Command Create(AdminContext context)
    {
        var id = new Argument<string>("id") { Description = "The reward id." };
        var command = new Command(
            "deactivate",
            "Stop new redemptions of a reward (ones in progress complete); exit 4 when there is no such reward."
        )
        {
            id,
        };
        command.SetAction(
            (result, cancellationToken) =>
                RewardCommand.SetActiveAsync(context, result, result.GetValue(id)!, active: false, cancellationToken)
        );
        return command;
    }
}

using System.CommandLine;

namespace Messaging.Admin.Rewards;

internal static class RewardActivateCommand
{
    public static Command Create(AdminContext context)
    {
        var id = new Argument<string>("id") { Description = "The reward id." };
        var command = new Command("activate", "Make a reward redeemable; exit 4 when there is no such reward.") { id };
        command.SetAction(
            (result, cancellationToken) =>
                RewardCommand.SetActiveAsync(context, result, result.GetValue(id)!, active: true, cancellationToken)
        );
        return command;
    }
}

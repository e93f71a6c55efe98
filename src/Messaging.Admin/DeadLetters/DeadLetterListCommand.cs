using System.CommandLine;
using System.Globalization;

namespace Messaging.Admin.DeadLetters;

internal static class DeadLetterListCommand
{
    public static Command Create(AdminContext context)
    {
        var command = new Command(
            "list",
            "List the dead-letter queues (*_error, *_skipped) with their message counts, grouped by "
                + "message type and reason. Removes nothing."
        );
        command.SetAction((result, cancellationToken) => DeadLetterCommand.RunAsync(context, result, cancellationToken, async operations =>
                {
                    var list = await operations.ListAsync(cancellationToken);
                    var queues = list.Queues;
                    if (context.WantsJson(result))
                    {
                        await context.WriteJsonAsync(list);
                        return ExitCodes.Ok;
                    }

                    if (queues.Count == 0)
                    {
                        await context.Output.WriteLineAsync($"no dead-letter queues in virtual host '{list.VirtualHost}'");
                        return ExitCodes.Ok;
                    }

                    foreach (var queue in queues)
                    {
                        await context.Output.WriteLineAsync(
                            $"{queue.Queue}  {queue.Messages} message(s)"
                                + (
                                    queue.HeldElsewhere > 0
                                        ? $", and about {queue.HeldElsewhere} more held unacknowledged by another client right now "
                                            + "(not read: they come back when it lets go)"
                                        : ""
                                )
                        );
                        foreach (var group in queue.Groups)
                        {
                            var since = group.Oldest is { } oldest ? $"  since {oldest.ToString("u", CultureInfo.InvariantCulture)}" : "";
                            await context.Output.WriteLineAsync($"  {group.Count, 5}  {group.Type}  {group.Reason}{since}");
                        }
                    }

                    await context.Output.WriteLineAsync(
                        $"{queues.Sum(q => q.Messages)} dead-lettered message(s) in {queues.Count} queue(s)"
                    );
                    return ExitCodes.Ok;
                }));
        return command;
    }
}

using System.CommandLine;
using Messaging.Operations.DeadLetters;

namespace Messaging.Admin.DeadLetters;

// A purge archive (one JSON line per message) back to the queues its messages failed in: the way back from a purge made too early.
// The ledger applies each message once by its key, so a message restored that was applied meanwhile changes nothing.
internal static class DeadLetterRestoreCommand
{
    public static Command Create(AdminContext context)
    {
        var file = new Argument<string>("file") { Description = "The archive `dlq purge --archive` wrote." };
        var id = new Option<string?>("--id") { Description = "Only the message with this message id." };
        var yes = new Option<bool>("--yes") { Description = "Confirm; without it, only say what would be restored where." };
        var command = new Command(
            "restore",
            "Publish messages of a purge archive back to the queues they failed in (each with its id, type and headers, less its "
                + "failure), recorded in the operator log. Needs --yes."
        )
        {
            file,
            id,
            yes,
        };
        command.SetAction((result, cancellationToken) => DeadLetterCommand.RunAsync(context, result, cancellationToken, async operations =>
                {
                    var path = Path.GetFullPath(result.GetValue(file)!);
                    var messageId = string.IsNullOrWhiteSpace(result.GetValue(id)) ? null : result.GetValue(id)!.Trim();
                    var letters = await DeadLetterOperations.ReadArchiveAsync(path, messageId, cancellationToken);
                    var byQueue = letters.GroupBy(l => l.SourceQueue).Select(g => (Queue: g.Key, Count: g.Count())).ToList();
                    if (letters.Count == 0)
                    {
                        await context.Output.WriteLineAsync(
                            messageId is null
                                ? $"restored 0 message(s): '{path}' holds none"
                                : $"restored 0 message(s): no {messageId} in '{path}'"
                        );
                        return messageId is null ? ExitCodes.Ok : ExitCodes.NotFound;
                    }

                    if (!result.GetValue(yes))
                    {
                        foreach (var (queue, count) in byQueue)
                        {
                            await context.Output.WriteLineAsync($"would restore {count} message(s) to {queue}");
                        }

                        await context.Error.WriteLineAsync(
                            $"{letters.Count} message(s) would be restored: nothing was published. Confirm with --yes."
                        );
                        return ExitCodes.Refused;
                    }

                    var (restored, failure) = await operations.RestoreAsync(letters, cancellationToken);
                    var outcome = failure?.Message ?? $"restored {restored} message(s)";
                    var code = failure is null ? ExitCodes.Ok : ExitCodes.Of(failure.Kind);
                    if (
                        !await DeadLetterCommand.RecordAsync(
                            context,
                            result,
                            "dlq-restore",
                            new
                            {
                                archive = path,
                                messageId,
                                restored,
                                messageIds = letters.Take(restored).Select(l => l.MessageId),
                            },
                            outcome,
                            cancellationToken
                        )
                    )
                    {
                        code = ExitCodes.Unreachable;
                    }

                    if (failure is not null)
                    {
                        await context.Error.WriteLineAsync($"{failure.Message} {restored} message(s) were restored before it.");
                        return code;
                    }

                    foreach (var (queue, count) in byQueue)
                    {
                        await context.Output.WriteLineAsync($"restored {count} message(s) to {queue}");
                    }

                    return code;
                }));
        return command;
    }
}

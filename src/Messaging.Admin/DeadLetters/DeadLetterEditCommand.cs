using System.CommandLine;
using Messaging.Admin.Settings;
using Messaging.Operations.DeadLetters;

namespace Messaging.Admin.DeadLetters;

// The corrected copy is retried under a new message id that records the original's; the ledger's business key lets at most one of the
// two ever apply, which is why the key's fields cannot be edited. What a message credits, or to whom, is an admin's change (the API),
// not an operator's.
internal static class DeadLetterEditCommand
{
    public static Command Create(AdminContext context)
    {
        var messageId = new Argument<string>("message-id") { Description = "The dead letter's message id (`dlq show` lists them)." };
        var set = new Option<string[]>("--set")
        {
            Description = "A field and its new value, e.g. currency=USD or customer.country=FR (repeatable).",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var queue = new Option<string?>("--queue") { Description = "Only look in this dead-letter queue." };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Show the corrected copy and what the ledger would say to it, and change nothing.",
        };
        var settings = new Option<string?>("--settings")
        {
            Description = "The processor's appsettings.json to judge OrderCompleted messages by (default: the one beside this tool).",
        };
        var command = new Command(
            "edit",
            "Correct fields of a dead-lettered message and retry the corrected copy (new message id, "
                + "recording the original's); the original leaves the dead-letter queue."
        )
        {
            messageId,
            set,
            queue,
            dryRun,
            settings,
        };
        command.SetAction((result, cancellationToken) => DeadLetterCommand.RunAsync(context, result, cancellationToken, async operations =>
                {
                    var edits = (result.GetValue(set) ?? []).Select(DeadLetterEditor.ParseAssignment).ToList();
                    var earning = result.GetValue(settings) is { } file ? AdminSettings.Load(file) : context.Settings;
                    var preview = ReplayPreview.For(earning.Earning, earning.Source);
                    var original = result.GetValue(messageId)!;
                    await using var dataSource = context.DataSource(result);
                    var edit = await operations.EditAndRetryAsync(
                        original,
                        result.GetValue(queue),
                        edits,
                        result.GetValue(dryRun),
                        asAdmin: false,
                        preview,
                        dataSource,
                        cancellationToken
                    );

                    var code = ExitCodes.Ok;
                    if (
                        !edit.DryRun
                        && !await DeadLetterCommand.RecordAsync(
                            context,
                            result,
                            "dlq-edit",
                            new
                            {
                                original = edit.OriginalMessageId,
                                retriedAs = edit.RetriedAs,
                                queue = edit.Queue,
                                changes = edit.Changes,
                            },
                            $"retried as {edit.RetriedAs}",
                            cancellationToken
                        )
                    )
                    {
                        code = ExitCodes.Unreachable;
                    }

                    if (context.WantsJson(result))
                    {
                        await context.WriteJsonAsync(edit);
                        return code;
                    }

                    foreach (var change in edit.Changes)
                    {
                        await context.Output.WriteLineAsync($"{change.Field}: {change.Before} -> {change.After}");
                    }

                    await context.Output.WriteLineAsync($"verdict: {edit.Verdict}");
                    await context.Output.WriteLineAsync(
                        edit.DryRun
                            ? $"dry run: nothing was changed; without --dry-run the copy goes to {edit.SourceQueue} and "
                                + $"{edit.OriginalMessageId} leaves {edit.Queue}"
                            : $"retried {edit.OriginalMessageId} as {edit.RetriedAs} to {edit.SourceQueue}; the original left {edit.Queue}"
                    );
                    return code;
                }));
        return command;
    }
}

using System.CommandLine;
using Messaging.Admin.Settings;
using Messaging.Ledger.Corrections;
using Messaging.Operations.DeadLetters;

namespace Messaging.Admin.DeadLetters;

// Keeping the dead-lettered copy reverses the applied entry and applies the copy as resolution:KEY in one transaction; the dead letter
// leaves its queue only once that is committed.
internal static class DeadLetterConflictCommand
{
    public static Command Show(AdminContext context)
    {
        var (messageId, queue, settings) = Arguments();
        var command = new Command("conflict", "Show a dead-lettered order in idempotency conflict beside the entry applied under its key.")
        {
            messageId,
            queue,
            settings,
        };
        command.SetAction((result, cancellationToken) => DeadLetterCommand.RunAsync(context, result, cancellationToken, async operations =>
                {
                    await using var dataSource = context.DataSource(result);
                    var view = await Conflicts(context, result, settings, operations)
                        .ShowAsync(result.GetValue(messageId)!, result.GetValue(queue), dataSource, cancellationToken);
                    if (context.WantsJson(result))
                    {
                        await context.WriteJsonAsync(view);
                        return ExitCodes.Ok;
                    }

                    await context.Output.WriteLineAsync($"idempotency key: {view.Key}");
                    foreach (var field in view.DeadLettered.Keys.Union(view.Applied?.Keys ?? []))
                    {
                        var applied = view.Applied is null ? "(nothing applied)" : view.Applied.GetValueOrDefault(field) ?? "";
                        await context.Output.WriteLineAsync(
                            $"{field, -14} applied: {applied, -40} dead-lettered: {view.DeadLettered.GetValueOrDefault(field) ?? ""}"
                        );
                    }

                    await context.Output.WriteLineAsync(
                        $"keep one: dlq resolve {view.MessageId} --keep "
                            + $"{ConflictChoices.Applied}|{ConflictChoices.DeadLettered} --reason TEXT"
                    );
                    return ExitCodes.Ok;
                }));
        return command;
    }

    public static Command Resolve(AdminContext context)
    {
        var (messageId, queue, settings) = Arguments();
        var keep = new Option<string>("--keep")
        {
            Description =
                $"{ConflictChoices.Applied}: the applied entry stays, the dead letter is set aside; "
                + $"{ConflictChoices.DeadLettered}: the applied entry is reversed and the copy applied "
                + "instead.",
            Required = true,
        };
        keep.AcceptOnlyFromAmong(ConflictChoices.Applied, ConflictChoices.DeadLettered);
        var reason = new Option<string>("--reason")
        {
            Description = "Why this copy is kept (kept in the operator log and on the entries written).",
            Required = true,
        };
        var command = new Command("resolve", "Resolve an idempotency conflict by keeping the applied entry or the dead-lettered copy.")
        {
            messageId,
            queue,
            settings,
            keep,
            reason,
        };
        command.SetAction((result, cancellationToken) => DeadLetterCommand.RunAsync(context, result, cancellationToken, async operations =>
                {
                    var why = result.GetValue(reason)!;
                    if (string.IsNullOrWhiteSpace(why))
                    {
                        await context.Error.WriteLineAsync(
                            "--reason is empty: say why this copy is kept (it is kept in the operator log)."
                        );
                        return ExitCodes.Usage;
                    }

                    await using var dataSource = context.DataSource(result);
                    var outcome = await Conflicts(context, result, settings, operations)
                        .ResolveAsync(
                            result.GetValue(messageId)!,
                            result.GetValue(queue),
                            ConflictChoices.Parse(result.GetValue(keep))!.Value,
                            why,
                            context.OperatorName(result),
                            dataSource,
                            cancellationToken
                        );
                    var resolved = outcome.Kind is ConflictOutcomeKind.AppliedInstead or ConflictOutcomeKind.KeptApplied;
                    if (context.WantsJson(result))
                    {
                        await context.WriteJsonAsync(outcome);
                    }
                    else
                    {
                        await (resolved ? context.Output : context.Error).WriteLineAsync(outcome.Message);
                    }

                    return resolved ? ExitCodes.Ok : ExitCodes.Refused;
                }));
        return command;
    }

    private static (Argument<string> MessageId, Option<string?> Queue, Option<string?> Settings) Arguments() =>
        (
            new Argument<string>("message-id") { Description = "The dead letter's message id (`dlq show --reason conflict` lists them)." },
            new Option<string?>("--queue") { Description = "Only look in this dead-letter queue." },
            new Option<string?>("--settings")
            {
                Description = "The processor's appsettings.json to judge OrderCompleted messages by (default: the one beside this tool).",
            }
        );

    private static DeadLetterConflicts Conflicts(
        AdminContext context,
        ParseResult result,
        Option<string?> settings,
        DeadLetterOperations operations
    )
    {
        var earning = result.GetValue(settings) is { } file ? AdminSettings.Load(file) : context.Settings;
        return new DeadLetterConflicts(operations, ReplayPreview.For(earning.Earning, earning.Source), TimeProvider.System);
    }
}

using System.CommandLine;
using Messaging.Admin.Settings;
using Messaging.Operations.DeadLetters;
using Spectre.Console;

namespace Messaging.Admin.DeadLetters;

// Each message is acked from the dead-letter queue only after the broker confirmed its re-publish; one not confirmed stays.
internal static class DeadLetterReplayCommand
{
    public static Command Create(AdminContext context)
    {
        var filter = new DeadLetterFilter();
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be replayed and change nothing." };
        var yes = new Option<bool>("--yes") { Description = $"Confirm replaying more than {DeadLetterOperations.ConfirmAbove} messages." };
        var settings = new Option<string?>("--settings")
        {
            Description =
                "With --dry-run: the processor's appsettings.json to judge OrderCompleted messages by "
                + "(default: the one beside this tool, a copy of the worker's; Earning__* variables "
                + "override).",
        };
        var command = new Command(
            "replay",
            "Move matching dead-lettered messages back to their source queue, once the cause of their failure is fixed."
        )
        {
            dryRun,
            yes,
            settings,
        };
        filter.AddTo(command);
        command.SetAction((result, cancellationToken) => DeadLetterCommand.RunAsync(context, result, cancellationToken, async operations =>
                {
                    var criteria = filter.Read(result);
                    var json = context.WantsJson(result);
                    if (result.GetValue(dryRun))
                    {
                        var earning = result.GetValue(settings) is { } file ? AdminSettings.Load(file) : context.Settings;
                        var preview = ReplayPreview.For(earning.Earning, earning.Source);
                        await using var dataSource = context.DataSource(result);
                        var report = await operations.PreviewAsync(criteria, preview, dataSource, cancellationToken);
                        if (json)
                        {
                            await context.WriteJsonAsync(report);
                            return ExitCodes.Ok;
                        }

                        foreach (var letter in report.Messages!)
                        {
                            await context.Output.WriteLineAsync(
                                $"would replay {letter.MessageId ?? "(no message id)"} from {letter.Queue} to "
                                    + $"{letter.SourceQueue}: {letter.Reason}"
                            );
                            await context.Output.WriteLineAsync($"  verdict: {letter.Verdict}");
                        }

                        if (report.Matched > report.Messages!.Count)
                        {
                            await context.Output.WriteLineAsync(
                                $"… and {report.Matched - report.Messages.Count} more (the first "
                                    + $"{DeadLetterOperations.PreviewDetails} are shown one by one; all are counted below)"
                            );
                        }

                        if (report.Matched > 0)
                        {
                            await context.Output.WriteLineAsync($"verdicts judged with the Earning settings of {preview.SettingsSource}");
                        }

                        await WriteSummaryAsync(context, report.Replayed, "would replay");
                        var outlook = report.Outlook!;
                        await context.Output.WriteLineAsync(
                            $"if replayed now: {outlook.WouldApply} would apply, {outlook.AlreadyApplied} already "
                                + $"applied, {outlook.WouldBeRefusedAgain} would be refused again, {outlook.Unknown} unknown"
                        );
                        await context.Output.WriteLineAsync("dry run: nothing was changed");
                        return ExitCodes.Ok;
                    }

                    // Counted first when it must be confirmed, or shown as progress: reading is cheap next to replaying.
                    var interactive = context.Interactive(result);
                    var matched =
                        !result.GetValue(yes) || interactive
                            ? (await operations.CountAsync(criteria, cancellationToken)).Sum(q => q.Count)
                            : (int?)null;
                    if (matched > DeadLetterOperations.ConfirmAbove && !result.GetValue(yes))
                    {
                        await context.Error.WriteLineAsync(
                            $"{matched} message(s) would be replayed, more than {DeadLetterOperations.ConfirmAbove}: nothing was changed. "
                                + "Check them with `dlq replay --dry-run` (same filters), then confirm with --yes, or narrow "
                                + "with --queue/--type/--reason/--older-than/--limit."
                        );
                        return ExitCodes.Usage;
                    }

                    ReplayResult replay;
                    if (interactive && matched > 0)
                    {
                        replay = await AnsiConsole
                            .Progress()
                            .StartAsync(progress =>
                            {
                                var bar = progress.AddTask("replaying", maxValue: matched.Value);
                                return operations.ReplayAsync(criteria, () => bar.Increment(1), cancellationToken);
                            });
                    }
                    else
                    {
                        replay = await operations.ReplayAsync(criteria, () => { }, cancellationToken);
                    }

                    var failure = replay.Failure?.Message;
                    var code = replay.Failure is { } problem ? ExitCodes.Of(problem.Kind) : ExitCodes.Ok;
                    if (
                        !await DeadLetterCommand.RecordAsync(
                            context,
                            result,
                            "dlq-replay",
                            new { criteria, replayed = replay.Replayed },
                            failure ?? $"replayed {replay.Count} message(s)",
                            cancellationToken
                        )
                    )
                    {
                        code = ExitCodes.Unreachable;
                    }

                    if (json)
                    {
                        await context.WriteJsonAsync(new ReplayReport(false, replay.Count, replay.Replayed, failure, null, null));
                    }
                    else
                    {
                        await WriteSummaryAsync(context, replay.Replayed, "replayed");
                    }

                    if (failure is not null)
                    {
                        await context.Error.WriteLineAsync(failure);
                        await context.Error.WriteLineAsync(
                            "The messages not replayed stay in their dead-letter queue; run the replay again once the "
                                + "broker confirms again."
                        );
                    }

                    return code;
                }));
        return command;
    }

    private static async Task WriteSummaryAsync(AdminContext context, IReadOnlyList<ReplayRoute> routes, string verb)
    {
        if (routes.Count == 0)
        {
            await context.Output.WriteLineAsync($"{verb} 0 message(s): no dead-lettered message matches");
            return;
        }

        foreach (var route in routes)
        {
            await context.Output.WriteLineAsync($"{verb} {route.Count} message(s) from {route.Queue} to {route.SourceQueue}");
        }
    }
}

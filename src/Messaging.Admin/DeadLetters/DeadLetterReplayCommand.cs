using System.CommandLine;
using System.Text.Json;
using Messaging.Admin.Settings;
using Messaging.Ledger.Operations;
using Npgsql;
using Spectre.Console;

namespace Messaging.Admin.DeadLetters;

/// <summary>
/// <c>dlq replay [filters] [--dry-run] [--yes]</c>: moves matching dead-lettered messages back to the queue they failed
/// in, with their id, body, content type and headers (less the fault description). Each message is acked from the
/// dead-letter queue only after the broker confirmed its re-publish; whatever does not match, or is not confirmed, stays.
/// </summary>
internal static class DeadLetterReplayCommand
{
    /// <summary>More than this many messages need <c>--yes</c>.</summary>
    public const int ConfirmAbove = 10;

    public static Command Create(AdminContext context)
    {
        var filter = new DeadLetterFilter();
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be replayed and change nothing." };
        var yes = new Option<bool>("--yes") { Description = $"Confirm replaying more than {ConfirmAbove} messages." };
        var settings = new Option<string?>("--settings")
        {
            Description = "With --dry-run: the processor's appsettings.json to judge OrderCompleted messages by (default: the one beside this tool, a copy of the worker's; Earning__* variables override).",
        };
        var command = new Command("replay", "Move matching dead-lettered messages back to their source queue, once the cause of their failure is fixed.") { dryRun, yes, settings };
        filter.AddTo(command);
        command.SetAction((result, cancellationToken) => DeadLetterCommand.RunAsync(context, result, cancellationToken, async broker =>
        {
            var criteria = filter.Read(result);
            var matches = await DeadLetterCommand.HoldMatchingAsync(broker, criteria, cancellationToken);

            var json = context.WantsJson(result);
            if (result.GetValue(dryRun))
            {
                var routes = Routes(matches, static l => l.MessageId);
                var preview = ReplayPreview.Load(result.GetValue(settings) is { } file ? AdminSettings.Load(file) : context.Settings);
                var verdicts = await preview.ClassifyAsync(matches, () => context.DataSource(result), cancellationToken);
                if (json)
                {
                    await context.WriteJsonAsync(new ReplayReport(true, matches.Count, routes, null,
                        matches.Select((l, i) => PreviewedLetter.Of(l, verdicts[i])).ToList(), ReplayOutlook.Of(verdicts)));
                }
                else
                {
                    for (var i = 0; i < matches.Count; i++)
                    {
                        var letter = matches[i];
                        await context.Output.WriteLineAsync($"would replay {letter.MessageId ?? "(no message id)"} from {letter.Queue} to {letter.SourceQueue}: {letter.Reason}");
                        await context.Output.WriteLineAsync($"  verdict: {verdicts[i]}");
                    }

                    if (matches.Count > 0)
                    {
                        await context.Output.WriteLineAsync($"verdicts judged with the Earning settings of {preview.SettingsSource}");
                    }

                    await WriteSummaryAsync(context, routes, "would replay");
                    var outlook = ReplayOutlook.Of(verdicts);
                    await context.Output.WriteLineAsync(
                        $"if replayed now: {outlook.WouldApply} would apply, {outlook.AlreadyApplied} already applied, {outlook.WouldBeRefusedAgain} would be refused again, {outlook.Unknown} unknown");
                    await context.Output.WriteLineAsync("dry run: nothing was changed");
                }

                return ExitCodes.Ok;
            }

            if (matches.Count > ConfirmAbove && !result.GetValue(yes))
            {
                await context.Error.WriteLineAsync(
                    $"{matches.Count} message(s) would be replayed, more than {ConfirmAbove}: nothing was changed. " +
                    "Check them with `dlq replay --dry-run` (same filters), then confirm with --yes, or narrow with --queue/--type/--reason/--older-than/--limit.");
                return ExitCodes.Usage;
            }

            var replayed = new List<DeadLetter>();
            string? failure = null;
            var code = ExitCodes.Ok;
            async Task ReplayAllAsync(Action advance)
            {
                foreach (var letter in matches)
                {
                    try
                    {
                        await broker.RepublishAsync(letter, letter.SourceQueue, cancellationToken);
                    }
                    catch (DeadLetterException ex)
                    {
                        // Not confirmed: leave it (and the rest) in the dead-letter queue.
                        failure = ex.Message;
                        code = ex.ExitCode;
                        break;
                    }

                    await broker.AckAsync(letter, cancellationToken);
                    replayed.Add(letter);
                    advance();
                }
            }

            if (context.Interactive(result) && matches.Count > 0)
            {
                await AnsiConsole.Progress().StartAsync(async progress =>
                {
                    var bar = progress.AddTask("replaying", maxValue: matches.Count);
                    await ReplayAllAsync(() => bar.Increment(1));
                });
            }
            else
            {
                await ReplayAllAsync(() => { });
            }

            await broker.RequeueHeldAsync();
            var done = Routes(replayed, static l => l.MessageId);
            if (!await DeadLetterCommand.RecordAsync(context, result, "dlq-replay",
                new { criteria, replayed = done }, failure ?? $"replayed {done.Sum(r => r.Count)} message(s)", cancellationToken))
            {
                code = ExitCodes.Unreachable;
            }

            if (json)
            {
                await context.WriteJsonAsync(new ReplayReport(false, matches.Count, done, failure, null, null));
            }
            else
            {
                await WriteSummaryAsync(context, done, "replayed");
            }

            if (failure is not null)
            {
                await context.Error.WriteLineAsync(failure);
                await context.Error.WriteLineAsync($"{matches.Count - replayed.Count} matching message(s) were not replayed and stay in their dead-letter queue.");
            }

            return code;
        }));
        return command;
    }

    private static async Task<bool> RecordAsync(
        AdminContext context, ParseResult result, DeadLetterFilter.Criteria criteria, IReadOnlyList<ReplayRoute> done, string? failure, CancellationToken cancellationToken)
    {
        try
        {
            await using var dataSource = context.DataSource(result);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var count = done.Sum(r => r.Count);
            await OperatorActionLog.RecordAsync(connection, context.OperatorName(result), "dlq-replay",
                JsonSerializer.Serialize(new { criteria, replayed = done }), failure ?? $"replayed {count} message(s)", cancellationToken);
            return true;
        }
        catch (NpgsqlException ex)
        {
            await context.Error.WriteLineAsync(
                $"The replay is done, but it could not be recorded in operator_actions ({ex.Message}). Check --connection / ConnectionStrings__Ledger.");
            return false;
        }
    }

    private static List<ReplayRoute> Routes(IEnumerable<DeadLetter> letters, Func<DeadLetter, string?> id) =>
        letters.GroupBy(l => (l.Queue, l.SourceQueue))
            .Select(g => new ReplayRoute(g.Key.Queue, g.Key.SourceQueue, g.Count(), g.Select(id).ToList()))
            .ToList();

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

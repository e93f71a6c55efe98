using System.CommandLine;
using Messaging.Processing.DeadLetters;

namespace Messaging.Admin.DeadLetters;

/// <summary>
/// <c>dlq purge [filters] [--archive FILE] [--yes]</c>: removes matching dead-lettered messages for good. Without
/// <c>--yes</c> it only says how many would go (exit 5). With <c>--archive</c> every message is appended to the file as
/// one JSON line and the file is flushed to disk before any message is acked, so none is lost half-way; whatever does
/// not match stays.
/// </summary>
internal static class DeadLetterPurgeCommand
{
    public static Command Create(AdminContext context)
    {
        var filter = new DeadLetterFilter();
        var archive = new Option<string?>("--archive") { Description = "Append each purged message (id, queue, headers, body, content type) as one JSON line to this file, flushed to disk before anything is removed." };
        var yes = new Option<bool>("--yes") { Description = "Confirm the purge; without it, only say how many messages would be purged." };
        var command = new Command("purge", "Remove matching dead-lettered messages for good (keep a copy with --archive). Needs --yes.") { archive, yes };
        filter.AddTo(command);
        command.SetAction((result, cancellationToken) => DeadLetterCommand.RunAsync(context, result, cancellationToken, async operations =>
        {
            var criteria = filter.Read(result);
            var matches = await operations.HoldMatchingAsync(criteria, cancellationToken);

            var json = context.WantsJson(result);
            var archivePath = result.GetValue(archive) is { } file ? Path.GetFullPath(file) : null;
            var byQueue = DeadLetterOperations.ByQueue(matches);
            if (matches.Count == 0)
            {
                await operations.Broker.RequeueHeldAsync();
                await WriteAsync(context, json, new PurgeReport(false, 0, 0, byQueue, archivePath, []), "purged 0 message(s): no dead-lettered message matches");
                return ExitCodes.Ok;
            }

            if (!result.GetValue(yes))
            {
                await operations.Broker.RequeueHeldAsync();
                var lines = string.Join(Environment.NewLine, byQueue.Select(q => $"would purge {q.Count} message(s) from {q.Queue}"));
                await WriteAsync(context, json, new PurgeReport(false, matches.Count, 0, byQueue, archivePath, []), lines);
                await context.Error.WriteLineAsync(
                    $"{matches.Count} message(s) would be purged: nothing was changed. Check them with `dlq show` (same filters), " +
                    "then confirm with --yes (add --archive FILE to keep a copy).");
                return ExitCodes.Refused;
            }

            PurgeReport purged;
            try
            {
                purged = await operations.PurgeAsync(matches, archivePath, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                // Nothing was acked: every message stays in its dead-letter queue.
                await context.Error.WriteLineAsync(
                    $"Cannot write the archive '{archivePath}' ({ex.Message}): nothing was purged. Pass a writable --archive path.");
                return ExitCodes.Usage;
            }

            var code = ExitCodes.Ok;
            if (!await DeadLetterCommand.RecordAsync(context, result, "dlq-purge",
                    new { criteria, archive = archivePath, messageIds = matches.Select(l => l.MessageId).ToList() }, $"purged {matches.Count} message(s)", cancellationToken))
            {
                code = ExitCodes.Unreachable;
            }

            var purgedLines = string.Join(Environment.NewLine, byQueue.Select(q => $"purged {q.Count} message(s) from {q.Queue}"))
                + (archivePath is null ? "" : $"{Environment.NewLine}archived to {archivePath}");
            await WriteAsync(context, json, purged, purgedLines);
            return code;
        }));
        return command;
    }

    private static async Task WriteAsync(AdminContext context, bool json, PurgeReport report, string text)
    {
        if (json)
        {
            await context.WriteJsonAsync(report);
        }
        else if (text.Length > 0)
        {
            await context.Output.WriteLineAsync(text);
        }
    }
}

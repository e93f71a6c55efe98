using System.CommandLine;
using Messaging.Operations.DeadLetters;

namespace Messaging.Admin.DeadLetters;

// With --archive every message is appended to the file and flushed to disk before it is acked, so none is lost half-way.
internal static class DeadLetterPurgeCommand
{
    public static Command Create(AdminContext context)
    {
        var filter = new DeadLetterFilter();
        var archive = new Option<string?>("--archive")
        {
            Description =
                "Append each purged message (id, queue, headers, body, content type) as one JSON line to "
                + "this file, flushed to disk before anything is removed.",
        };
        var yes = new Option<bool>("--yes") { Description = "Confirm the purge; without it, only say how many messages would be purged." };
        var command = new Command("purge", "Remove matching dead-lettered messages for good (keep a copy with --archive). Needs --yes.")
        {
            archive,
            yes,
        };
        filter.AddTo(command);
        command.SetAction((result, cancellationToken) => DeadLetterCommand.RunAsync(context, result, cancellationToken, async operations =>
                {
                    var criteria = filter.Read(result);
                    var json = context.WantsJson(result);
                    var archivePath = result.GetValue(archive) is { } file ? Path.GetFullPath(file) : null;
                    if (!result.GetValue(yes))
                    {
                        var counted = await operations.CountAsync(criteria, cancellationToken);
                        var total = counted.Sum(q => q.Count);
                        if (total == 0)
                        {
                            await WriteAsync(
                                context,
                                json,
                                new PurgeReport(false, 0, 0, counted, archivePath, []),
                                "purged 0 message(s): no dead-lettered message matches"
                            );
                            return ExitCodes.Ok;
                        }

                        var lines = string.Join(
                            Environment.NewLine,
                            counted.Select(q => $"would purge {q.Count} message(s) from {q.Queue}")
                        );
                        await WriteAsync(context, json, new PurgeReport(false, total, 0, counted, archivePath, []), lines);
                        await context.Error.WriteLineAsync(
                            $"{total} message(s) would be purged: nothing was changed. Check them with `dlq show` (same filters), "
                                + "then confirm with --yes (add --archive FILE to keep a copy)."
                        );
                        return ExitCodes.Refused;
                    }

                    PurgeReport purged;
                    try
                    {
                        purged = await operations.PurgeAsync(criteria, archivePath, cancellationToken);
                    }
                    catch (Exception ex)
                        when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
                    {
                        await context.Error.WriteLineAsync(
                            $"Cannot write the archive '{archivePath}' ({ex.Message}): nothing more was purged (every "
                                + "message not yet archived stays in its dead-letter queue). Pass a writable --archive path."
                        );
                        return ExitCodes.Usage;
                    }

                    if (purged.Removed == 0)
                    {
                        await WriteAsync(context, json, purged, "purged 0 message(s): no dead-lettered message matches");
                        return ExitCodes.Ok;
                    }

                    var code = ExitCodes.Ok;
                    if (
                        !await DeadLetterCommand.RecordAsync(
                            context,
                            result,
                            "dlq-purge",
                            new
                            {
                                criteria,
                                archive = archivePath,
                                removed = purged.Removed,
                                messageIds = purged.MessageIds,
                            },
                            $"purged {purged.Removed} message(s)",
                            cancellationToken
                        )
                    )
                    {
                        code = ExitCodes.Unreachable;
                    }

                    var purgedLines =
                        string.Join(Environment.NewLine, purged.Queues.Select(q => $"purged {q.Count} message(s) from {q.Queue}"))
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

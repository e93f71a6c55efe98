using System.CommandLine;
using System.Text;
using System.Text.Json;
using Messaging.Ledger.Operations;
using Npgsql;

namespace Messaging.Admin.DeadLetters;

/// <summary>
/// <c>dlq purge [filters] [--archive FILE] [--yes]</c>: removes matching dead-lettered messages for good. Without
/// <c>--yes</c> it only says how many would go (exit 5). With <c>--archive</c> every message is appended to the file as
/// one JSON line and the file is flushed to disk before any message is acked, so none is lost half-way; whatever does
/// not match stays.
/// </summary>
internal static class DeadLetterPurgeCommand
{
    private static readonly JsonSerializerOptions ArchiveJson = new(JsonSerializerDefaults.Web);

    public static Command Create(AdminContext context)
    {
        var filter = new DeadLetterFilter();
        var archive = new Option<string?>("--archive") { Description = "Append each purged message (id, queue, headers, body, content type) as one JSON line to this file, flushed to disk before anything is removed." };
        var yes = new Option<bool>("--yes") { Description = "Confirm the purge; without it, only say how many messages would be purged." };
        var command = new Command("purge", "Remove matching dead-lettered messages for good (keep a copy with --archive). Needs --yes.") { archive, yes };
        filter.AddTo(command);
        command.SetAction((result, cancellationToken) => DeadLetterCommand.RunAsync(context, result, cancellationToken, async broker =>
        {
            var criteria = filter.Read(result);
            var matches = await DeadLetterCommand.HoldMatchingAsync(broker, criteria, cancellationToken);

            var json = context.WantsJson(result);
            var archivePath = result.GetValue(archive) is { } file ? Path.GetFullPath(file) : null;
            var byQueue = ByQueue(matches);
            if (matches.Count == 0)
            {
                await broker.RequeueHeldAsync();
                await WriteAsync(context, json, new PurgeReport(false, 0, 0, byQueue, archivePath, []), "purged 0 message(s): no dead-lettered message matches");
                return ExitCodes.Ok;
            }

            if (!result.GetValue(yes))
            {
                await broker.RequeueHeldAsync();
                var lines = string.Join(Environment.NewLine, byQueue.Select(q => $"would purge {q.Count} message(s) from {q.Queue}"));
                await WriteAsync(context, json, new PurgeReport(false, matches.Count, 0, byQueue, archivePath, []), lines);
                await context.Error.WriteLineAsync(
                    $"{matches.Count} message(s) would be purged: nothing was changed. Check them with `dlq show` (same filters), " +
                    "then confirm with --yes (add --archive FILE to keep a copy).");
                return ExitCodes.Refused;
            }

            if (archivePath is not null)
            {
                try
                {
                    await ArchiveAsync(archivePath, matches, DateTimeOffset.UtcNow, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
                {
                    // Nothing was acked: every message stays in its dead-letter queue.
                    await broker.RequeueHeldAsync();
                    await context.Error.WriteLineAsync(
                        $"Cannot write the archive '{archivePath}' ({ex.Message}): nothing was purged. Pass a writable --archive path.");
                    return ExitCodes.Usage;
                }
            }

            foreach (var letter in matches)
            {
                await broker.AckAsync(letter, cancellationToken);
            }

            await broker.RequeueHeldAsync();
            var code = ExitCodes.Ok;
            if (!await DeadLetterCommand.RecordAsync(context, result, "dlq-purge",
                    new { criteria, archive = archivePath, messageIds = matches.Select(l => l.MessageId).ToList() }, $"purged {matches.Count} message(s)", cancellationToken))
            {
                code = ExitCodes.Unreachable;
            }

            var purgedLines = string.Join(Environment.NewLine, byQueue.Select(q => $"purged {q.Count} message(s) from {q.Queue}"))
                + (archivePath is null ? "" : $"{Environment.NewLine}archived to {archivePath}");
            await WriteAsync(context, json,
                new PurgeReport(true, matches.Count, matches.Count, byQueue, archivePath, matches.Select(l => l.MessageId).ToList()), purgedLines);
            return code;
        }));
        return command;
    }

    /// <summary>Appends one JSON line per message and forces it to disk (fsync) before returning.</summary>
    private static async Task ArchiveAsync(string path, IReadOnlyList<DeadLetter> letters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var letter in letters)
        {
            text.Append(JsonSerializer.Serialize(ArchivedLetter.Of(letter, now), ArchiveJson)).Append('\n');
        }

        await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        stream.Flush(flushToDisk: true);
    }

    private static async Task<bool> RecordAsync(
        AdminContext context, ParseResult result, DeadLetterFilter.Criteria criteria, string? archivePath, IReadOnlyList<DeadLetter> purged, CancellationToken cancellationToken)
    {
        try
        {
            await using var dataSource = context.DataSource(result);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await OperatorActionLog.RecordAsync(connection, context.OperatorName(result), "dlq-purge",
                JsonSerializer.Serialize(new { criteria, archive = archivePath, messageIds = purged.Select(l => l.MessageId).ToList() }),
                $"purged {purged.Count} message(s)", cancellationToken);
            return true;
        }
        catch (NpgsqlException ex)
        {
            await context.Error.WriteLineAsync(
                $"The purge is done, but it could not be recorded in operator_actions ({ex.Message}). Check --connection / ConnectionStrings__Ledger.");
            return false;
        }
    }

    private static List<PurgeQueue> ByQueue(IEnumerable<DeadLetter> letters) =>
        letters.GroupBy(l => l.Queue).Select(g => new PurgeQueue(g.Key, g.Count())).ToList();

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

internal sealed record PurgeQueue(string Queue, int Count);

internal sealed record PurgeReport(bool Purged, int Matched, int Removed, IReadOnlyList<PurgeQueue> Queues, string? Archive, IReadOnlyList<string?> MessageIds);

/// <summary>One line of a purge archive: enough to inspect the message later, or to publish it again by hand.</summary>
internal sealed record ArchivedLetter(
    string? MessageId, string Queue, string SourceQueue, string Type, string? ContentType,
    IReadOnlyDictionary<string, string?> Headers, string Body, string BodyEncoding, DateTimeOffset PurgedAt)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ArchivedLetter Of(DeadLetter letter, DateTimeOffset purgedAt)
    {
        string body;
        string encoding;
        try
        {
            body = StrictUtf8.GetString(letter.Body);
            encoding = "utf-8";
        }
        catch (DecoderFallbackException)
        {
            body = Convert.ToBase64String(letter.Body);
            encoding = "base64";
        }

        return new(letter.MessageId, letter.Queue, letter.SourceQueue, letter.MessageType, letter.Properties.ContentType,
            letter.Headers, body, encoding, purgedAt);
    }
}

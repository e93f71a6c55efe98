using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Messaging.Operations.Broker;
using Npgsql;

namespace Messaging.Operations.DeadLetters;

// What operators do with dead-lettered messages, the same from the CLI and the API; the adapters add only their input, output and
// operator-log record. Reading never removes a message; a replayed one is acked only after the broker confirmed its re-publish, a
// purged one only after its archive line is on disk. Every operation streams through the queues (DeadLetterBrowse), so its memory does
// not grow with the number of dead letters.
public sealed class DeadLetterOperations(DeadLetterBroker broker, TimeProvider clock)
{
    /// <summary>Replaying more than this many messages needs a confirmation (--yes, or confirm in the API).</summary>
    public const int ConfirmAbove = 10;

    /// <summary>A dry run describes at most this many messages one by one; it counts all of them.</summary>
    public const int PreviewDetails = 1000;

    // Re-publishes awaiting their confirms at once, and lines written to an archive per fsync.
    private const int Window = 500;

    private static readonly JsonSerializerOptions ArchiveJson = new(JsonSerializerDefaults.Web);

    /// <summary>Grouped by type and reason fingerprint, largest first.</summary>
    public async Task<DeadLetterList> ListAsync(CancellationToken cancellationToken)
    {
        var queues = new List<DeadLetterQueueSummary>();
        foreach (var (queue, count, heldElsewhere) in await broker.DeadLetterQueuesAsync(cancellationToken))
        {
            var groups = new Dictionary<(string Type, string Reason), (int Count, DateTimeOffset? Oldest, DateTimeOffset? Newest)>();
            var read = 0;
            await using (var browse = await broker.BrowseAsync(queue, cancellationToken))
            {
                await foreach (var letter in browse.ReadAllAsync(cancellationToken))
                {
                    read++;
                    var key = (letter.MessageType, letter.ReasonFingerprint);
                    var at = letter.FirstFailedAt;
                    groups[key] = groups.TryGetValue(key, out var group)
                        ? (group.Count + 1, Earliest(group.Oldest, at), Latest(group.Newest, at))
                        : (1, at, at);
                }
            }

            queues.Add(
                new DeadLetterQueueSummary(
                    queue,
                    Math.Max(count, read),
                    [
                        .. groups
                            .Select(g => new DeadLetterGroup(g.Key.Type, g.Key.Reason, g.Value.Count, g.Value.Oldest, g.Value.Newest))
                            .OrderByDescending(g => g.Count)
                            .ThenBy(g => g.Type, StringComparer.Ordinal)
                            .ThenBy(g => g.Reason, StringComparer.Ordinal),
                    ],
                    heldElsewhere
                )
            );
        }

        return new DeadLetterList(broker.Settings.VirtualHost, queues);
    }

    /// <summary>Up to the criteria's limit (reading stops there); removes none.</summary>
    public async Task<IReadOnlyList<DeadLetterView>> ShowAsync(DeadLetterCriteria criteria, CancellationToken cancellationToken)
    {
        var shown = new List<DeadLetterView>();
        await foreach (var (_, letter) in MatchingAsync(criteria, cancellationToken))
        {
            shown.Add(DeadLetterView.Of(letter));
        }

        return shown;
    }

    /// <summary>
    /// The criteria's limit of matching messages after <paramref name="after"/> (from the first without it), queues in name order, each
    /// in its own order; removes none. Reading stops once the page is full and one more was seen, so a page deep in a queue reads up to
    /// it, never past it, and holds only the page: 100,000 dead letters are paged through without being loaded.
    /// </summary>
    public async Task<DeadLetterPage> PageAsync(
        DeadLetterCriteria criteria,
        DeadLetterPageToken? after,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var size = criteria.Limit ?? throw new ArgumentException("A page needs a limit.", nameof(criteria));
        var now = clock.GetUtcNow();
        var page = new List<DeadLetterView>(size);
        DeadLetterPageToken? last = null;
        var full = false;
        var queues = (await QueuesAsync(criteria.Queue, cancellationToken)).Order(StringComparer.Ordinal);
        foreach (var queue in queues.Where(q => after is null || string.CompareOrdinal(q, after.Queue) >= 0))
        {
            // In the queue the last page ended in, matching messages are passed over up to its last one: by its id, or, if it left the
            // queue, by its place (messages before it that left too make this page start a little later). A last message without an id
            // is passed over by its place alone.
            var skipping = after is not null && queue == after.Queue;
            var index = 0;
            await using var browse = await broker.BrowseAsync(queue, cancellationToken);
            await foreach (var letter in browse.ReadAllAsync(cancellationToken))
            {
                if (!criteria.Matches(letter, now))
                {
                    continue;
                }

                index++;
                if (skipping)
                {
                    if (after!.MessageId is not null && string.Equals(letter.MessageId, after.MessageId, StringComparison.Ordinal))
                    {
                        skipping = false;
                        continue;
                    }

                    // Short of its place: passed over. At its place unseen, it left, and this one took it (unless it has no id to be seen
                    // by: then it is this one).
                    if (after.MessageId is null ? index <= after.Index : index < after.Index)
                    {
                        continue;
                    }

                    skipping = false;
                }

                if (page.Count == size)
                {
                    full = true;
                    break;
                }

                page.Add(DeadLetterView.Of(letter));
                last = new DeadLetterPageToken(queue, letter.MessageId, index);
            }

            if (full)
            {
                break;
            }
        }

        return new DeadLetterPage(page, full ? last!.Encode() : null);
    }

    /// <summary>Removes none.</summary>
    public async Task<IReadOnlyList<PurgeQueue>> CountAsync(DeadLetterCriteria criteria, CancellationToken cancellationToken)
    {
        var tally = new RouteTally();
        await foreach (var (_, letter) in MatchingAsync(criteria, cancellationToken))
        {
            tally.Add(letter);
        }

        return tally.Queues();
    }

    /// <summary>
    /// Reads only: judged by <paramref name="preview"/> against the ledger a chunk at a time; the first <see cref="PreviewDetails"/> are
    /// described one by one, all are counted.
    /// </summary>
    public async Task<ReplayReport> PreviewAsync(
        DeadLetterCriteria criteria,
        ReplayPreview preview,
        NpgsqlDataSource dataSource,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(preview);
        var tally = new RouteTally();
        var details = new List<PreviewedLetter>();
        var outlook = ReplayOutlook.None;
        var chunk = new List<DeadLetter>(PreviewDetails);

        async Task JudgeAsync()
        {
            var verdicts = await preview.ClassifyAsync(chunk, dataSource, cancellationToken);
            outlook = outlook.Plus(ReplayOutlook.Of(verdicts));
            details.AddRange(chunk.Select((l, i) => PreviewedLetter.Of(l, verdicts[i])).Take(PreviewDetails - details.Count));
            chunk.Clear();
        }

        await foreach (var (_, letter) in MatchingAsync(criteria, cancellationToken))
        {
            tally.Add(letter);
            chunk.Add(letter);
            if (chunk.Count == PreviewDetails)
            {
                await JudgeAsync();
            }
        }

        if (chunk.Count > 0)
        {
            await JudgeAsync();
        }

        return new ReplayReport(true, tally.Count, tally.Routes(), null, details, outlook);
    }

    /// <summary>
    /// Acks each message once the broker confirmed its re-publish, a window at a time; after a re-publish that is not confirmed it stops,
    /// leaving that one and the rest in their dead-letter queue (<see cref="ReplayResult.Failure"/>). <paramref name="advance"/> is called
    /// after each message replayed (a progress bar).
    /// </summary>
    public async Task<ReplayResult> ReplayAsync(DeadLetterCriteria criteria, Action advance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(advance);
        var tally = new RouteTally();
        var window = new List<(DeadLetterBrowse Browse, DeadLetter Letter)>(Window);

        async Task<BrokerProblemException?> FlushAsync()
        {
            var sent = window.Select(w => broker.RepublishAsync(w.Letter, w.Letter.SourceQueue, cancellationToken)).ToList();
            BrokerProblemException? failure = null;
            for (var i = 0; i < window.Count; i++)
            {
                try
                {
                    await sent[i];
                }
                catch (BrokerProblemException ex)
                {
                    // Not confirmed: it stays. The others of the window were confirmed or not on their own.
                    failure ??= ex;
                    continue;
                }

                await window[i].Browse.AckAsync(window[i].Letter, cancellationToken);
                tally.Add(window[i].Letter);
                advance();
            }

            window.Clear();
            return failure;
        }

        BrokerProblemException? failure = null;
        await foreach (
            var item in MatchingAsync(criteria, cancellationToken, finishQueue: async () => (failure = await FlushAsync()) is null)
        )
        {
            window.Add(item);
            if (window.Count == Window && (failure = await FlushAsync()) is not null)
            {
                break;
            }
        }

        return new ReplayResult(tally.Routes(), tally.Count, failure);
    }

    /// <summary>
    /// The lines of a purge archive, each checked; <paramref name="messageId"/> keeps one message. A line that is not an archived message
    /// is named by its number.
    /// </summary>
    /// <exception cref="BrokerProblemException">The file cannot be read, or a line is not an archived message (a usage error).</exception>
    public static async Task<IReadOnlyList<ArchivedLetter>> ReadArchiveAsync(
        string path,
        string? messageId,
        CancellationToken cancellationToken
    )
    {
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new BrokerProblemException(
                BrokerProblemKind.Usage,
                $"Cannot read the archive '{path}' ({ex.Message}); pass the file `dlq purge --archive` wrote.",
                ex
            );
        }

        var letters = new List<ArchivedLetter>();
        for (var n = 0; n < lines.Length; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n]))
            {
                continue;
            }

            ArchivedLetter? letter;
            try
            {
                letter = JsonSerializer.Deserialize<ArchivedLetter>(lines[n], ArchiveJson);
            }
            catch (JsonException ex)
            {
                throw new BrokerProblemException(
                    BrokerProblemKind.Usage,
                    $"Line {n + 1} of '{path}' is not an archived message ({ex.Message}); nothing was restored. Pass the file "
                        + "`dlq purge --archive` wrote, unedited.",
                    ex
                );
            }

            if (letter is null || string.IsNullOrEmpty(letter.SourceQueue) || letter.Body is null || letter.Headers is null)
            {
                throw new BrokerProblemException(
                    BrokerProblemKind.Usage,
                    $"Line {n + 1} of '{path}' lacks its source queue, body or headers; nothing was restored."
                );
            }

            if (messageId is null || string.Equals(letter.MessageId, messageId, StringComparison.OrdinalIgnoreCase))
            {
                letters.Add(letter);
            }
        }

        return letters;
    }

    /// <summary>Each back to the queue it failed in, in the archive's order; stops at the first the broker does not take.</summary>
    public async Task<(int Restored, BrokerProblemException? Failure)> RestoreAsync(
        IReadOnlyList<ArchivedLetter> letters,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(letters);
        for (var i = 0; i < letters.Count; i++)
        {
            try
            {
                await broker.RestoreAsync(letters[i], cancellationToken);
            }
            catch (BrokerProblemException ex)
            {
                return (i, ex);
            }
        }

        return (letters.Count, null);
    }

    /// <summary>
    /// With <paramref name="archivePath"/>, each message is appended first (one JSON line, forced to disk a window at a time). An archive
    /// that cannot be opened fails before anything is removed; one that fails later (a full disk) stops the purge there, and what was not
    /// archived stays.
    /// </summary>
    public async Task<PurgeReport> PurgeAsync(DeadLetterCriteria criteria, string? archivePath, CancellationToken cancellationToken)
    {
        if (archivePath is not null)
        {
            // An archive that cannot be written fails here, before anything is read or removed.
            await using (new FileStream(archivePath, FileMode.Append, FileAccess.Write, FileShare.Read)) { }
        }

        var tally = new RouteTally();
        var window = new List<(DeadLetterBrowse Browse, DeadLetter Letter)>(Window);

        async Task FlushAsync()
        {
            if (archivePath is not null && window.Count > 0)
            {
                await ArchiveAsync(archivePath, window.Select(w => w.Letter), clock.GetUtcNow(), cancellationToken);
            }

            foreach (var (browse, letter) in window)
            {
                await browse.AckAsync(letter, cancellationToken);
                tally.Add(letter);
            }

            window.Clear();
        }

        await foreach (var item in MatchingAsync(criteria, cancellationToken, finishQueue: async () =>
            {
                await FlushAsync();
                return true;
            }))
        {
            window.Add(item);
            if (window.Count == Window)
            {
                await FlushAsync();
            }
        }

        return new PurgeReport(true, tally.Count, tally.Count, tally.Queues(), archivePath, tally.FirstIds());
    }

    /// <summary>
    /// Judges the copy with <paramref name="preview"/> when given; unless <paramref name="dryRun"/>, publishes it to the queue the original
    /// failed in and removes the original once the broker confirmed it. Only <paramref name="asAdmin"/> may change what it credits or to
    /// whom (<see cref="EditableFields"/>).
    /// </summary>
    public Task<EditResult> EditAndRetryAsync(
        string messageId,
        string? queue,
        IReadOnlyList<KeyValuePair<string, string>> edits,
        bool dryRun,
        bool asAdmin,
        ReplayPreview? preview,
        NpgsqlDataSource dataSource,
        CancellationToken cancellationToken
    ) =>
        WithLetterAsync(
            messageId,
            queue,
            async (browse, letter) =>
            {
                var (edited, changes) = DeadLetterEditor.Apply(letter, edits, Guid.NewGuid(), asAdmin);
                var verdict = preview is null ? null : (await preview.ClassifyAsync([edited], dataSource, cancellationToken))[0];
                if (!dryRun)
                {
                    await broker.RepublishAsync(edited, letter.SourceQueue, cancellationToken);
                    await browse.AckAsync(letter, cancellationToken);
                }

                return new EditResult(
                    dryRun,
                    messageId,
                    dryRun ? null : edited.MessageId,
                    letter.Queue,
                    letter.SourceQueue,
                    changes,
                    verdict,
                    edited.BodyText
                );
            },
            cancellationToken
        );

    /// <summary>
    /// Runs <paramref name="action"/> while the letter is held: the action acks it through the browse to remove it, else it goes back to
    /// its queue. Searches every dead-letter queue when <paramref name="queue"/> is null.
    /// </summary>
    /// <exception cref="BrokerProblemException">No such message (NotFound), or the queue named is not a dead-letter queue.</exception>
    public async Task<T> WithLetterAsync<T>(
        string messageId,
        string? queue,
        Func<DeadLetterBrowse, DeadLetter, Task<T>> action,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(action);
        var queues = await QueuesAsync(queue, cancellationToken);
        foreach (var name in queues)
        {
            await using var browse = await broker.BrowseAsync(name, cancellationToken);
            await foreach (var letter in browse.ReadAllAsync(cancellationToken))
            {
                if (letter.MessageId == messageId)
                {
                    return await action(browse, letter);
                }
            }
        }

        throw new BrokerProblemException(
            BrokerProblemKind.NotFound,
            $"No dead-lettered message {messageId} in {string.Join(", ", queues)}: it was replayed, "
                + "purged or edited already, or another client holds it right now. "
                + "`dlq show` lists the message ids of the dead letters."
        );
    }

    /// <summary>All of them, or the one named.</summary>
    /// <exception cref="BrokerProblemException">NotFound when the queue named is not one.</exception>
    public async Task<IReadOnlyList<string>> QueuesAsync(string? queue, CancellationToken cancellationToken)
    {
        var queues = (await broker.DeadLetterQueuesAsync(cancellationToken)).Select(q => q.Queue).ToList();
        if (queue is null)
        {
            return queues;
        }

        var match = queues.Where(q => q == queue).ToList();
        return match.Count > 0
            ? match
            : throw new BrokerProblemException(
                BrokerProblemKind.NotFound,
                $"No dead-letter queue '{queue}' in virtual host '{broker.Settings.VirtualHost}'. "
                    + (queues.Count == 0 ? "It has none (nothing was dead-lettered yet)." : $"It has: {string.Join(", ", queues)}.")
                    + $" Check the name, or set {broker.Settings.Fix.VirtualHost}."
            );
    }

    // A queue's browse ends (returning what was not acked) after finishQueue acted on what was taken from it; finishQueue returns false to
    // stop there.
    private async IAsyncEnumerable<(DeadLetterBrowse Browse, DeadLetter Letter)> MatchingAsync(
        DeadLetterCriteria criteria,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        Func<Task<bool>>? finishQueue = null
    )
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var now = clock.GetUtcNow();
        var matched = 0;
        foreach (var queue in await QueuesAsync(criteria.Queue, cancellationToken))
        {
            if (criteria.Limit is { } full && matched >= full)
            {
                yield break;
            }

            await using var browse = await broker.BrowseAsync(queue, cancellationToken);
            await foreach (var letter in browse.ReadAllAsync(cancellationToken))
            {
                if (!criteria.Matches(letter, now))
                {
                    continue;
                }

                yield return (browse, letter);
                if (criteria.Limit is { } limit && ++matched >= limit)
                {
                    break;
                }
            }

            if (finishQueue is not null && !await finishQueue())
            {
                yield break;
            }
        }
    }

    private static async Task ArchiveAsync(
        string path,
        IEnumerable<DeadLetter> letters,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
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

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b
        : b is null ? a
        : a < b ? a
        : b;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b
        : b is null ? a
        : a > b ? a
        : b;
}

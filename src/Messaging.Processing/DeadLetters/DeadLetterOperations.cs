using System.Text;
using System.Text.Json;
using Messaging.Processing.Broker;

namespace Messaging.Processing.DeadLetters;

/// <summary>
/// What operators do with dead-lettered messages, the same from the CLI and the API: list them grouped by type and
/// reason, show them, replay them to the queue they failed in, purge them with an archive. Reading never removes a
/// message; a replayed one is acked only after the broker confirmed its re-publish, a purged one only after its archive
/// line is on disk. The adapters add only their input, output and operator-log record.
/// </summary>
public sealed class DeadLetterOperations(DeadLetterBroker broker, TimeProvider clock)
{
    /// <summary>Replaying more than this many messages needs a confirmation (--yes, or confirm in the API).</summary>
    public const int ConfirmAbove = 10;

    private static readonly JsonSerializerOptions ArchiveJson = new(JsonSerializerDefaults.Web);

    public DeadLetterBroker Broker => broker;

    /// <summary>Every dead-letter queue with its count and its messages grouped by type and reason fingerprint (largest first).</summary>
    public async Task<DeadLetterList> ListAsync(CancellationToken cancellationToken)
    {
        var queues = new List<DeadLetterQueueSummary>();
        foreach (var (queue, count) in await broker.DeadLetterQueuesAsync(cancellationToken))
        {
            var letters = await broker.ReadAsync(queue, cancellationToken);
            await broker.RequeueHeldAsync();
            var groups = letters
                .GroupBy(l => (l.MessageType, l.ReasonFingerprint))
                .Select(g => new DeadLetterGroup(g.Key.MessageType, g.Key.ReasonFingerprint, g.Count(),
                    g.Min(l => l.FirstFailedAt), g.Max(l => l.FirstFailedAt)))
                .OrderByDescending(g => g.Count).ThenBy(g => g.Type, StringComparer.Ordinal).ThenBy(g => g.Reason, StringComparer.Ordinal)
                .ToList();
            queues.Add(new DeadLetterQueueSummary(queue, Math.Max(count, letters.Count), groups));
        }

        return new DeadLetterList(broker.Settings.VirtualHost, queues);
    }

    /// <summary>The matching messages, described; none is removed.</summary>
    public async Task<IReadOnlyList<DeadLetterView>> ShowAsync(DeadLetterCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var now = clock.GetUtcNow();
        var shown = new List<DeadLetterView>();
        foreach (var (queue, _) in await QueuesAsync(criteria.Queue, cancellationToken))
        {
            var letters = await broker.ReadAsync(queue, cancellationToken);
            await broker.RequeueHeldAsync();
            shown.AddRange(letters.Where(l => criteria.Matches(l, now)).Select(DeadLetterView.Of));
        }

        return criteria.Limit is { } limit ? shown.Take(limit).ToList() : shown;
    }

    /// <summary>
    /// Reads every dead-letter queue in scope and keeps the matching messages. Everything read stays held (unacked)
    /// until the broker is disposed or requeues it, so no message is read twice and the ones not acted on go back.
    /// </summary>
    public async Task<IReadOnlyList<DeadLetter>> HoldMatchingAsync(DeadLetterCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var now = clock.GetUtcNow();
        var matches = new List<DeadLetter>();
        foreach (var (queue, _) in await QueuesAsync(criteria.Queue, cancellationToken))
        {
            foreach (var letter in await broker.ReadAsync(queue, cancellationToken))
            {
                if (criteria.Matches(letter, now) && (criteria.Limit is not { } limit || matches.Count < limit))
                {
                    matches.Add(letter);
                }
            }
        }

        return matches;
    }

    /// <summary>
    /// Re-publishes each held message to its source queue and acks it once confirmed; stops at the first that is not
    /// confirmed, leaving it and the rest in their dead-letter queue. Whatever is still held afterwards is requeued.
    /// <paramref name="advance"/> is called after each message replayed (a progress bar).
    /// </summary>
    public async Task<ReplayResult> ReplayAsync(IReadOnlyList<DeadLetter> held, Action advance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(advance);
        var replayed = new List<DeadLetter>();
        BrokerProblemException? failure = null;
        foreach (var letter in held)
        {
            try
            {
                await broker.RepublishAsync(letter, letter.SourceQueue, cancellationToken);
            }
            catch (BrokerProblemException ex)
            {
                failure = ex;
                break;
            }

            await broker.AckAsync(letter, cancellationToken);
            replayed.Add(letter);
            advance();
        }

        await broker.RequeueHeldAsync();
        return new ReplayResult(replayed, failure);
    }

    /// <summary>
    /// Removes the held messages for good, after appending each to <paramref name="archivePath"/> (one JSON line, forced
    /// to disk) when there is one. When the archive cannot be written nothing is removed and the exception propagates.
    /// </summary>
    public async Task<PurgeReport> PurgeAsync(IReadOnlyList<DeadLetter> held, string? archivePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(held);
        try
        {
            if (archivePath is not null && held.Count > 0)
            {
                await ArchiveAsync(archivePath, held, clock.GetUtcNow(), cancellationToken);
            }

            foreach (var letter in held)
            {
                await broker.AckAsync(letter, cancellationToken);
            }
        }
        finally
        {
            await broker.RequeueHeldAsync();
        }

        return new PurgeReport(true, held.Count, held.Count, ByQueue(held), archivePath, held.Select(l => l.MessageId).ToList());
    }

    /// <summary>The dead-letter queues in scope: all of them, or the one named (NotFound when it is not one).</summary>
    public async Task<IReadOnlyList<(string Queue, long Messages)>> QueuesAsync(string? queue, CancellationToken cancellationToken)
    {
        var queues = await broker.DeadLetterQueuesAsync(cancellationToken);
        if (queue is null)
        {
            return queues;
        }

        var match = queues.Where(q => q.Queue == queue).ToList();
        return match.Count > 0
            ? match
            : throw new BrokerProblemException(BrokerProblemKind.NotFound,
                $"No dead-letter queue '{queue}' in virtual host '{broker.Settings.VirtualHost}'. " +
                (queues.Count == 0 ? "It has none (nothing was dead-lettered yet)." : $"It has: {string.Join(", ", queues.Select(q => q.Queue))}.") +
                $" Check the name, or set {broker.Settings.Fix.VirtualHost}.");
    }

    /// <summary>The messages by (dead-letter queue, source queue), with their ids.</summary>
    public static IReadOnlyList<ReplayRoute> Routes(IEnumerable<DeadLetter> letters) =>
        letters.GroupBy(l => (l.Queue, l.SourceQueue))
            .Select(g => new ReplayRoute(g.Key.Queue, g.Key.SourceQueue, g.Count(), g.Select(l => l.MessageId).ToList()))
            .ToList();

    public static IReadOnlyList<PurgeQueue> ByQueue(IEnumerable<DeadLetter> letters) =>
        letters.GroupBy(l => l.Queue).Select(g => new PurgeQueue(g.Key, g.Count())).ToList();

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
}

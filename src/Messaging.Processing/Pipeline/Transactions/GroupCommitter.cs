using System.Threading.Channels;
using Messaging.Ledger.Inbox;
using Messaging.Ledger.Refusals;
using Messaging.Ledger.Writing;
using Messaging.Operations.Queues;
using Messaging.Processing.Pipeline.Diagnostics;
using Messaging.Processing.Pipeline.Faults;
using Messaging.Processing.Pipeline.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Processing.Pipeline.Transactions;

// Carries the ledger work of many concurrently consumed messages in one PostgreSQL transaction: inbox claims, journal entries, postings,
// refusals and outbox rows all commit together or not at all. Each consumer awaits its own outcome, so acknowledgement still happens per
// message and only after commit. Under load batches grow by themselves; a lone message commits at once.
internal sealed partial class GroupCommitter(
    NpgsqlDataSource dataSource,
    DeliveryOrder deliveryOrder,
    OutboxDispatcher outbox,
    CrashPoints crashPoints,
    ProcessingMetrics metrics,
    IOptions<CommitOptions> commitOptions,
    IOptions<OutboxOptions> outboxOptions,
    IOptions<EndpointOptions> endpointOptions,
    ILogger<GroupCommitter> logger
) : BackgroundService
{
    // A fault that is not an outage (a deadlock, a lost race) and still fails the same batch this often is taken for the batch's own:
    // its messages are then committed one by one.
    private const int ContentionAttempts = 5;

    private TimeSpan MaxWaitForEarlier => commitOptions.Value.MaxWaitForEarlier;

    private readonly Channel<CommitWorkItem> _pending = Channel.CreateUnbounded<CommitWorkItem>();

    public async Task<LedgerOutcome> SubmitAsync(CommitWorkItem item, CancellationToken cancellationToken)
    {
        await _pending.Writer.WriteAsync(item, cancellationToken);
        deliveryOrder.Left(item.Delivery);
        return await item.Completion.WaitAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, commitOptions.Value.Writers).Select(_ => RunWriterAsync(stoppingToken)));

    private async Task RunWriterAsync(CancellationToken stoppingToken)
    {
        var waiting = new List<CommitWorkItem>();
        var batch = new List<CommitWorkItem>(commitOptions.Value.MaxBatchSize);
        var marks = new Dictionary<object, ulong>(ReferenceEqualityComparer.Instance);
        while (!stoppingToken.IsCancellationRequested)
        {
            while (_pending.Reader.TryRead(out var item))
            {
                AddInDeliveryOrder(waiting, item);
            }

            TakeReady(waiting, batch, marks);
            if (batch.Count > 0)
            {
                await CommitOrIsolateAsync(batch, stoppingToken);
                batch.Clear();
            }
            else if (waiting.Count == 0)
            {
                await _pending.Reader.WaitToReadAsync(stoppingToken);
            }
            else
            {
                // Held back behind an earlier delivery: go on when it arrives, when anything new does, or at the limit.
                var oldest = waiting.Min(i => i.SubmittedAt);
                var left = MaxWaitForEarlier - System.Diagnostics.Stopwatch.GetElapsedTime(oldest);
                await Task.WhenAny(
                    deliveryOrder.NextLeftAsync(),
                    _pending.Reader.WaitToReadAsync(stoppingToken).AsTask(),
                    Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, stoppingToken)
                );
            }
        }
    }

    // Consumers hand their messages over concurrently, so they arrive in no particular order. Kept in delivery order, a full batch never
    // takes a later delivery and leaves an earlier one of the same channel for the next batch (the two-partition test saw one user's
    // orders applied 2 before 1), and a batch isolated after a failure commits its messages in that order. After every item with the same
    // or an earlier tag (the tags of different channels may be equal; their order does not matter), so one that arrives in order is
    // appended.
    internal static void AddInDeliveryOrder(List<CommitWorkItem> waiting, CommitWorkItem item)
    {
        var at = waiting.Count;
        while (at > 0 && waiting[at - 1].Delivery.Tag > item.Delivery.Tag)
        {
            at--;
        }

        waiting.Insert(at, item);
    }

    // What no earlier delivery of its channel is still on its way to may commit now.
    internal void TakeReady(List<CommitWorkItem> waiting, List<CommitWorkItem> batch, Dictionary<object, ulong> marks)
    {
        var limit = commitOptions.Value.MaxBatchSize;

        // One look at each channel's mark per pass; a mark read a moment ago only ever holds back more, never less.
        marks.Clear();
        waiting.RemoveAll(item =>
        {
            // One kind of work per batch: each kind has its own writer (and redemptions lock accounts in their own order).
            if (batch.Count >= limit || (batch.Count > 0 && !ReferenceEquals(item.Work, batch[0].Work)))
            {
                return false;
            }

            if (item.Delivery.Channel is { } channel)
            {
                if (!marks.TryGetValue(channel, out var mark))
                {
                    marks[channel] = mark = deliveryOrder.LowWaterOf(channel);
                }

                if (item.Delivery.Tag > mark)
                {
                    if (System.Diagnostics.Stopwatch.GetElapsedTime(item.SubmittedAt) < MaxWaitForEarlier)
                    {
                        return false;
                    }

                    deliveryOrder.StopWaitingBefore(channel, item.Delivery.Tag);
                }
            }

            batch.Add(item);
            return true;
        });
    }

    // A batch that fails for a fault that passes is committed again, whole and in the same order, by the committer itself: handed back,
    // its messages would each retry on its consumer's own (randomised) clock, and one user's orders could then be applied out of the order
    // they were delivered in (the two-partition test saw it). An outage (the database away) is retried for as long as it lasts; contention
    // (a deadlock, a lost race) a few times, then as for a message that fails: one bad message must not fail its neighbours, so each is
    // committed on its own, in order.
    private async Task CommitOrIsolateAsync(List<CommitWorkItem> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CommitAsync(batch, stoppingToken);
                return;
            }
            catch (Exception ex)
                when (TransientFaults.IsTransient(ex)
                    && (TransientFaults.IsOutage(ex) || attempt < ContentionAttempts)
                    && !stoppingToken.IsCancellationRequested
                )
            {
                var delay = RetryDelay(attempt);
                LogRetrying(batch.Count, attempt, delay.TotalMilliseconds, ex.GetBaseException().Message);
                if (!await DelayAsync(delay, stoppingToken))
                {
                    Fail(batch, ex);
                    return;
                }
            }
            // Stopping, the batch goes back whole: one commit per message would each wait out the same fault.
            catch (Exception ex) when (batch.Count > 1 && ex is not OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                LogIsolating(ex, batch.Count);
                foreach (var item in batch)
                {
                    await CommitOrIsolateAsync([item], stoppingToken);
                }

                return;
            }
            catch (Exception ex)
            {
                Fail(batch, ex);
                return;
            }
        }
    }

    // As the consumers' own retries: from 100 ms, doubling, up to Endpoints:MaxRetryInterval.
    private TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromMilliseconds(
            Math.Min(100 * Math.Pow(2, Math.Min(attempt - 1, 20)), endpointOptions.Value.MaxRetryInterval.TotalMilliseconds)
        );

    // False when the processor is stopping: the batch is then handed back, unacknowledged, and its messages are redelivered.
    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static void Fail(List<CommitWorkItem> batch, Exception exception)
    {
        foreach (var item in batch)
        {
            item.Fail(exception);
        }
    }

    private async Task CommitAsync(List<CommitWorkItem> batch, CancellationToken stoppingToken)
    {
        // First delivered wins: consumers hand their messages over concurrently, so a batch arrives in no particular
        // order; the writer applies the first copy of a business key and refuses the others as conflicts, so put the
        // batch back in the order the broker delivered it (stable: equal tags keep their order).
        batch = [.. batch.OrderBy(i => i.Delivery.Tag)];

        var decisions = new CommitDecisions(batch.Count);
        IReadOnlyList<PendingOutboxMessage> published;

        await using (var connection = await dataSource.OpenConnectionAsync(stoppingToken))
        await using (var transaction = await connection.BeginTransactionAsync(stoppingToken))
        {
            var claimed = await InboxStore.ClaimAsync(connection, batch.Select(i => (i.MessageId, i.ConsumerId)).ToList(), stoppingToken);
            var toApply = new List<int>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                // Remove on first use: a second copy of the same message in this batch is a duplicate too.
                if (claimed.Remove((batch[i].MessageId, batch[i].ConsumerId)))
                {
                    toApply.Add(i);
                }
                else
                {
                    decisions.Outcomes[i] = LedgerOutcome.AlreadyApplied;
                }
            }

            // A batch holds one kind of work (TakeReady).
            await batch[0].Work.ApplyAsync(connection, [.. toApply.Select(i => (i, batch[i]))], decisions, stoppingToken);

            await InboxStore.ReleaseAsync(connection, decisions.Conflicts.Select(r => (r.MessageId, r.ConsumerId)).ToList(), stoppingToken);
            await LedgerRefusals.InsertAsync(connection, [.. decisions.Conflicts, .. decisions.Refusals], stoppingToken);
            published = await OutboxWriter.InsertAsync(connection, decisions.Outgoing, outboxOptions.Value.Lease, stoppingToken);
            crashPoints.Reached(CrashPoints.BeforeCommit);
            await transaction.CommitAsync(stoppingToken);
        }

        crashPoints.Reached(CrashPoints.AfterCommit);
        outbox.Enqueue(published);
        for (var i = 0; i < batch.Count; i++)
        {
            var outcome = decisions.Outcomes[i];
            metrics.Decided(batch[i].MessageType, outcome.Kind);
            if (outcome.Kind == LedgerOutcomeKind.Refused)
            {
                metrics.Refused(batch[i].MessageType, outcome.RefusalCode!);
            }

            batch[i].Complete(outcome);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "A batch of {Count} failed for a fault that passes (attempt {Attempt}); committing it again, in the same order, in "
            + "{DelayMs} ms: {Reason}"
    )]
    private partial void LogRetrying(int count, int attempt, double delayMs, string reason);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "A batch of {Count} failed; committing its messages one by one to isolate the cause"
    )]
    private partial void LogIsolating(Exception exception, int count);
}

using System.Threading.Channels;
using Messaging.Ledger.Inbox;
using Messaging.Ledger.Refusals;
using Messaging.Ledger.Writing;
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
    LedgerBatchWriter writer,
    OutboxDispatcher outbox,
    CrashPoints crashPoints,
    ProcessingMetrics metrics,
    IOptions<CommitOptions> commitOptions,
    IOptions<OutboxOptions> outboxOptions,
    ILogger<GroupCommitter> logger
) : BackgroundService
{
    // Past it the earlier delivery is stuck elsewhere (retrying a fault, say), and holding the later one longer would stall its endpoint
    // for an ordering that only matters for two copies of one business key.
    private static readonly TimeSpan MaxWaitForEarlier = TimeSpan.FromMilliseconds(100);

    private readonly Channel<LedgerWorkItem> _pending = Channel.CreateUnbounded<LedgerWorkItem>();

    public async Task<LedgerOutcome> SubmitAsync(LedgerWorkItem item, CancellationToken cancellationToken)
    {
        await _pending.Writer.WriteAsync(item, cancellationToken);
        deliveryOrder.Left(item.Delivery);
        return await item.Completion.WaitAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, commitOptions.Value.Writers).Select(_ => RunWriterAsync(stoppingToken)));

    private async Task RunWriterAsync(CancellationToken stoppingToken)
    {
        var waiting = new List<LedgerWorkItem>();
        var batch = new List<LedgerWorkItem>(commitOptions.Value.MaxBatchSize);
        var marks = new Dictionary<object, ulong>(ReferenceEqualityComparer.Instance);
        while (!stoppingToken.IsCancellationRequested)
        {
            while (_pending.Reader.TryRead(out var item))
            {
                waiting.Add(item);
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

    // What no earlier delivery of its channel is still on its way to may commit now.
    private void TakeReady(List<LedgerWorkItem> waiting, List<LedgerWorkItem> batch, Dictionary<object, ulong> marks)
    {
        var limit = commitOptions.Value.MaxBatchSize;

        // One look at each channel's mark per pass; a mark read a moment ago only ever holds back more, never less.
        marks.Clear();
        waiting.RemoveAll(item =>
        {
            if (batch.Count >= limit)
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

    private async Task CommitOrIsolateAsync(List<LedgerWorkItem> batch, CancellationToken stoppingToken)
    {
        try
        {
            await CommitAsync(batch, stoppingToken);
        }
        catch (Exception ex) when (batch.Count > 1 && !TransientFaults.IsTransient(ex) && ex is not OperationCanceledException)
        {
            // One bad message must not fail its neighbours: find it by committing each on its own.
            LogIsolating(ex, batch.Count);
            foreach (var item in batch)
            {
                await CommitOrIsolateAsync([item], stoppingToken);
            }
        }
        catch (Exception ex)
        {
            foreach (var item in batch)
            {
                item.Fail(ex);
            }
        }
    }

    private async Task CommitAsync(List<LedgerWorkItem> batch, CancellationToken stoppingToken)
    {
        // First delivered wins: consumers hand their messages over concurrently, so a batch arrives in no particular
        // order; the writer applies the first copy of a business key and refuses the others as conflicts, so put the
        // batch back in the order the broker delivered it (stable: equal tags keep their order).
        batch = [.. batch.OrderBy(i => i.Delivery.Tag)];

        var outcomes = new LedgerOutcome[batch.Count];
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
                    outcomes[i] = LedgerOutcome.AlreadyApplied;
                }
            }

            var applied = await writer.ApplyAsync(connection, toApply.Select(i => batch[i].Command).ToList(), stoppingToken);
            var conflicts = new List<RefusalRecord>();
            var refusals = new List<RefusalRecord>();
            var outgoing = new List<OutgoingMessage>();
            for (var n = 0; n < toApply.Count; n++)
            {
                var item = batch[toApply[n]];
                var outcome = applied[n];
                outcomes[toApply[n]] = outcome;
                if (outcome.Kind is LedgerOutcomeKind.Conflict or LedgerOutcomeKind.Rejected)
                {
                    conflicts.Add(
                        new RefusalRecord(
                            item.MessageId,
                            item.ConsumerId,
                            item.Command.Primary.IdempotencyKey,
                            outcome.RefusalCode!,
                            outcome.Reason!,
                            item.PayloadJson()
                        )
                    );
                    continue;
                }

                if (outcome.Kind == LedgerOutcomeKind.Refused)
                {
                    // The rules said no: the message is handled (its inbox claim stays) and answered, and the refusal is on record.
                    refusals.Add(
                        new RefusalRecord(
                            item.MessageId,
                            item.ConsumerId,
                            item.Command.Primary.IdempotencyKey,
                            outcome.RefusalCode!,
                            outcome.Reason!,
                            item.PayloadJson()
                        )
                    );
                }

                if (outcome.Kind != LedgerOutcomeKind.AlreadyApplied)
                {
                    outgoing.AddRange(
                        item.OutcomeMessages(outcome)
                            .Select(message => new OutgoingMessage(
                                MassTransit.NewId.NextGuid(),
                                message,
                                null,
                                item.MessageId,
                                item.ConsumerId,
                                item.TraceParent
                            ))
                    );
                }
            }

            // A conflict or a rejection is dead-lettered: its claim is released, so a replay of the same message can apply.
            await InboxStore.ReleaseAsync(connection, conflicts.Select(r => (r.MessageId, r.ConsumerId)).ToList(), stoppingToken);
            await LedgerRefusals.InsertAsync(connection, [.. conflicts, .. refusals], stoppingToken);
            published = await OutboxWriter.InsertAsync(connection, outgoing, outboxOptions.Value.Lease, stoppingToken);
            await transaction.CommitAsync(stoppingToken);
        }

        crashPoints.Reached(CrashPoints.AfterCommit);
        outbox.Enqueue(published);
        for (var i = 0; i < batch.Count; i++)
        {
            metrics.Decided(batch[i].MessageType, outcomes[i].Kind);
            if (outcomes[i].Kind == LedgerOutcomeKind.Refused)
            {
                metrics.Refused(batch[i].MessageType, outcomes[i].RefusalCode!);
            }

            batch[i].Complete(outcomes[i]);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "A batch of {Count} failed; committing its messages one by one to isolate the cause"
    )]
    private partial void LogIsolating(Exception exception, int count);
}

using System.Text.Json;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Operations;
using Messaging.Ledger.Writing;
using Npgsql;

namespace Messaging.Ledger.Corrections;

// An idempotency conflict is two copies of one business fact (same key, other content), one applied, the other refused and set aside.
// Applying the other instead reverses the applied entry (EntryReversal) and writes the chosen copy as resolution:{key}, in one
// transaction with the operator log's record, so the ledger never holds both and never neither. Once per key.
public sealed class ConflictResolution(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const string KeyPrefix = "resolution:";

    /// <summary>Follow-ups of <paramref name="chosen"/> are still applied once per their own key.</summary>
    public async Task<ConflictOutcome> ApplyInsteadAsync(
        LedgerWrite chosen,
        string reason,
        string operatorName,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var key = chosen.Primary.IdempotencyKey;
        var resolutionKey = KeyPrefix + key;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await StoredPayloadHashes.ReadAsync(connection, [key, resolutionKey], cancellationToken);
        if (stored.ContainsKey(resolutionKey))
        {
            return new ConflictOutcome(
                ConflictOutcomeKind.AlreadyResolved,
                key,
                EntryReversal.KeyPrefix + key,
                resolutionKey,
                $"The conflict on '{key}' was resolved before, by {resolutionKey}; nothing more was "
                    + $"written. To change it again, reverse {resolutionKey} (`reverse {resolutionKey} --reason "
                    + "...`)."
            );
        }

        if (!stored.TryGetValue(key, out var applied) || applied.Hash == chosen.Primary.PayloadHash)
        {
            return new ConflictOutcome(
                ConflictOutcomeKind.NoConflict,
                key,
                null,
                null,
                applied is null
                    ? $"Nothing is applied under '{key}', so there is no conflict to resolve: replay the message instead (`dlq replay`)."
                    : $"'{key}' is applied with this very content: the copy is a duplicate, not a conflict. Purge "
                        + "it (`dlq purge`, archived first)."
            );
        }

        var reversal = await new EntryReversal(dataSource, clock).ReverseWithinAsync(
            connection,
            key,
            $"conflict resolved for another copy: {reason}",
            operatorName,
            cancellationToken
        );
        if (reversal.Kind is not (ReversalOutcomeKind.Reversed or ReversalOutcomeKind.AlreadyReversed))
        {
            return new ConflictOutcome(
                ConflictOutcomeKind.Refused,
                key,
                null,
                null,
                $"The entry applied under '{key}' cannot be reversed, so the other copy was not applied either: {reversal.Message}"
            );
        }

        var primary = chosen.Primary;
        var metadata = JsonSerializer.Serialize(
            new
            {
                Resolves = key,
                Reason = reason,
                RequestedBy = operatorName,
                SourceMessageId = chosen.SourceMessageId,
                Original = JsonDocument.Parse(primary.MetadataJson).RootElement,
            }
        );
        // Without the copy's guard: an earning cap decides an order as the processor receives it, and the operator's choice is final.
        var replacement = chosen with
        {
            Guard = null,
            Primary = new EntryDraft(
                resolutionKey,
                primary.EntryType,
                $"{primary.Description} (replaces {key}: {reason})",
                primary.PayloadHash,
                primary.OccurredAt,
                primary.Postings,
                metadata
            ),
        };
        var outcome = (await new LedgerBatchWriter().ApplyAsync(connection, [replacement], cancellationToken))[0];
        if (outcome.Kind != LedgerOutcomeKind.Applied)
        {
            return new ConflictOutcome(
                ConflictOutcomeKind.Refused,
                key,
                null,
                null,
                $"The chosen copy of '{key}' could not be applied "
                    + $"({outcome.Reason ?? outcome.Kind.ToString()}), so nothing was reversed either."
            );
        }

        var result = new ConflictOutcome(
            ConflictOutcomeKind.AppliedInstead,
            key,
            reversal.ReversalKey,
            resolutionKey,
            $"'{key}' was reversed by {reversal.ReversalKey} and the chosen copy applied as {resolutionKey}."
        );
        await OperatorActionLog.RecordAsync(
            connection,
            operatorName,
            "resolve-conflict",
            JsonSerializer.Serialize(
                new
                {
                    key,
                    keep = "other copy",
                    reason,
                    sourceMessageId = chosen.SourceMessageId,
                }
            ),
            result.Message,
            cancellationToken
        );
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Records the set-aside copy's content and why in the operator log, once it is certain the two differ.</summary>
    public async Task<ConflictOutcome> KeepAppliedAsync(
        LedgerWrite setAside,
        string setAsideBody,
        string reason,
        string operatorName,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(setAside);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var key = setAside.Primary.IdempotencyKey;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var stored = await StoredPayloadHashes.ReadAsync(connection, [key], cancellationToken);
        if (!stored.TryGetValue(key, out var applied))
        {
            return new ConflictOutcome(
                ConflictOutcomeKind.NoConflict,
                key,
                null,
                null,
                $"Nothing is applied under '{key}', so there is nothing to keep: replay the message (`dlq replay`) or purge it."
            );
        }

        var result = new ConflictOutcome(
            ConflictOutcomeKind.KeptApplied,
            key,
            null,
            null,
            $"'{key}' stays as applied; the other copy ({setAside.SourceMessageId}) was set aside, its content kept in the operator log."
        );
        await OperatorActionLog.RecordAsync(
            connection,
            operatorName,
            "resolve-conflict",
            JsonSerializer.Serialize(
                new
                {
                    key,
                    keep = "applied",
                    reason,
                    sameContent = applied.Hash == setAside.Primary.PayloadHash,
                    setAside = new { messageId = setAside.SourceMessageId, body = setAsideBody },
                }
            ),
            result.Message,
            cancellationToken
        );
        return result;
    }
}

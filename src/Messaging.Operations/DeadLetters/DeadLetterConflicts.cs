using System.Globalization;
using System.Text.Json;
using Messaging.Contracts;
using Messaging.Ledger.Corrections;
using Messaging.Ledger.Queries;
using Messaging.Ledger.Writing;
using Messaging.Operations.Broker;
using Npgsql;

namespace Messaging.Operations.DeadLetters;

// Idempotency conflicts as operators resolve them (CLI, API, console page). The ledger's ConflictResolution does the writing; the dead
// letter leaves its queue only once that is committed.
public sealed class DeadLetterConflicts(DeadLetterOperations operations, ReplayPreview preview, TimeProvider clock)
{
    /// <summary>Reads only.</summary>
    public Task<ConflictView> ShowAsync(string messageId, string? queue, NpgsqlDataSource reader, CancellationToken cancellationToken) =>
        operations.WithLetterAsync(
            messageId,
            queue,
            async (_, letter) =>
            {
                var copy = Plan(letter);
                var key = copy.Primary.IdempotencyKey;
                var applied = await new LedgerQueries(reader).EntryAsync(key, cancellationToken);
                return new ConflictView(key, letter.MessageId, applied is null ? null : Describe(applied), Describe(copy, letter));
            },
            cancellationToken
        );

    /// <summary>
    /// Written as <paramref name="operatorName"/> through <paramref name="ledger"/> (the operator's login); the dead letter leaves its
    /// queue only once the ledger has committed the resolution.
    /// </summary>
    public Task<ConflictOutcome> ResolveAsync(
        string messageId,
        string? queue,
        ConflictChoice keep,
        string reason,
        string operatorName,
        NpgsqlDataSource ledger,
        CancellationToken cancellationToken
    ) =>
        operations.WithLetterAsync(
            messageId,
            queue,
            async (browse, letter) =>
            {
                var copy = Plan(letter);
                var resolution = new ConflictResolution(ledger, clock);
                var outcome =
                    keep == ConflictChoice.Applied
                        ? await resolution.KeepAppliedAsync(copy, letter.BodyText, reason, operatorName, cancellationToken)
                        : await resolution.ApplyInsteadAsync(copy, reason, operatorName, cancellationToken);
                if (outcome.Kind is ConflictOutcomeKind.AppliedInstead or ConflictOutcomeKind.KeptApplied)
                {
                    await browse.AckAsync(letter, cancellationToken);
                }

                return outcome;
            },
            cancellationToken
        );

    private LedgerWrite Plan(DeadLetter letter)
    {
        try
        {
            return preview.PlanOrder(letter)
                ?? throw new BrokerProblemException(
                    BrokerProblemKind.Usage,
                    $"Message {letter.MessageId} earns no points under the current rules, so it writes nothing "
                        + "and cannot conflict: purge it (archived first)."
                );
        }
        catch (MessageRejectedException ex)
        {
            throw new BrokerProblemException(
                BrokerProblemKind.Usage,
                $"Message {letter.MessageId} would be refused by the processor ({ex.Message}), so it cannot "
                    + "be applied in the other's place: correct it with `dlq edit`, or purge it.",
                ex
            );
        }
    }

    private static Dictionary<string, string?> Describe(EntryDetail applied)
    {
        var fields = new Dictionary<string, string?>
        {
            ["entry"] = applied.Entry.IdempotencyKey,
            ["description"] = applied.Entry.Description,
            ["occurredAt"] = applied.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
            ["message"] = applied.SourceMessageId?.ToString(),
            ["postings"] = string.Join("; ", applied.Entry.Postings.Select(p => $"{p.Account} {p.Amount:+#;-#;0}")),
        };
        return WithMetadata(fields, applied.Metadata);
    }

    private static Dictionary<string, string?> Describe(LedgerWrite copy, DeadLetter letter)
    {
        var primary = copy.Primary;
        var fields = new Dictionary<string, string?>
        {
            ["entry"] = $"{primary.IdempotencyKey} (not applied)",
            ["description"] = primary.Description,
            ["occurredAt"] = primary.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
            ["message"] = letter.MessageId,
            ["postings"] = string.Join("; ", primary.Postings.Select(p => $"{p.Account.Code} {p.Amount:+#;-#;0}")),
        };
        return WithMetadata(fields, primary.MetadataJson);
    }

    // The business fields an entry's metadata keeps (an order's id, amount, currency, tenant), so both copies line up.
    private static Dictionary<string, string?> WithMetadata(Dictionary<string, string?> fields, string metadata)
    {
        using var document = JsonDocument.Parse(metadata);
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] =
                    property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            }
        }

        return fields;
    }
}

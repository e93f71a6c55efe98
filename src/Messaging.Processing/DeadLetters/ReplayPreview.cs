using System.Text.Json;
using MassTransit.Serialization;
using Messaging.Contracts.Earning;
using Messaging.Ledger.Corrections;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Messaging.Processing.Broker;
using Messaging.Processing.Earning;
using Messaging.Processing.Faults;
using Messaging.Processing.Gate;
using Messaging.Processing.Inbox;
using Npgsql;

namespace Messaging.Processing.DeadLetters;

/// <summary>
/// What a replay would do with each dead-lettered message, as the processor would see it now: an
/// <see cref="OrderCompleted"/> from <c>ledger-order-completed_error</c> is <c>already applied</c> (its message id is in
/// the inbox, or its order's journal entry exists with the same payload hash), <c>would be refused again: reason</c>
/// (the processor's <see cref="ContractGate"/>, or the real <see cref="OrderEarningPolicy"/> with the processor's current Earning settings refuses it, or its order
/// was applied with different content), else <c>would apply</c>. Any other message is <c>unknown</c>. Reads only.
/// </summary>
public sealed class ReplayPreview
{
    public const string OrderErrorQueue = OrderCompletedConsumer.QueueName + "_error";

    public const string AlreadyApplied = "already applied";

    public const string WouldApply = "would apply";

    public const string RefusedPrefix = "would be refused again: ";

    public const string Unknown = "unknown (not an OrderCompleted)";

    private static readonly ContractGate Gate = new(ContractSchemas.Published, new EndpointContracts());

    private readonly OrderEarningPolicy _policy;

    private ReplayPreview(OrderEarningPolicy policy, string settingsSource)
    {
        _policy = policy;
        SettingsSource = settingsSource;
    }

    /// <summary>Where the Earning settings came from (the file, plus Earning__* environment variables).</summary>
    public string SettingsSource { get; }

    /// <summary>Judges with the processor's Earning settings (validated as the worker validates them).</summary>
    /// <param name="earning">The processor's Earning settings.</param>
    /// <param name="settingsSource">Where they came from, for the report.</param>
    public static ReplayPreview For(EarningOptions earning, string settingsSource) => new(new OrderEarningPolicy(earning), settingsSource);

    /// <summary>One verdict per letter, in order (an empty list for none). Reads inbox_state and journal_entries.</summary>
    public async Task<IReadOnlyList<string>> ClassifyAsync(
        IReadOnlyList<DeadLetter> letters, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var verdicts = new string?[letters.Count];
        var candidates = new List<(int Index, Guid? MessageId, string Key, string Hash)>();
        for (var i = 0; i < letters.Count; i++)
        {
            var letter = letters[i];
            if (!IsOrderCompleted(letter))
            {
                verdicts[i] = Unknown;
                continue;
            }

            var messageId = Guid.TryParse(letter.MessageId, out var id) ? id : (Guid?)null;
            try
            {
                var command = _policy.Plan(ReadOrder(letter));
                // An order that earns nothing is acknowledged without a journal entry: only the inbox can tell.
                candidates.Add((i, messageId, command?.Primary.IdempotencyKey ?? "", command?.Primary.PayloadHash ?? ""));
            }
            catch (MessageRejectedException ex)
            {
                // The inbox is checked first below: a message the processor already took is acked as a duplicate.
                verdicts[i] = RefusedPrefix + ex.Message;
                candidates.Add((i, messageId, "", ""));
            }
        }

        if (candidates.Count > 0)
        {
            // The caller's data source: it is not this method's to dispose (the API shares one for every request).
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var seen = (await InboxStore.ConsumedAsync(connection, OrderCompletedConsumerDefinition.InboxName,
                candidates.Where(c => c.MessageId is not null).Select(c => c.MessageId!.Value).ToArray(), cancellationToken)).ToHashSet();
            var keys = candidates.Where(c => c.Key.Length > 0).Select(c => c.Key).Distinct(StringComparer.Ordinal).ToArray();
            var stored = await StoredPayloadHashes.ReadAsync(connection, [.. keys, .. keys.Select(k => ConflictResolution.KeyPrefix + k)], cancellationToken);
            foreach (var (index, messageId, key, hash) in candidates)
            {
                if (messageId is { } mid && seen.Contains(mid))
                {
                    verdicts[index] = AlreadyApplied;
                }
                else if (verdicts[index] is not null)
                {
                    // Refused by the policy: stays so.
                }
                else if (key.Length > 0 && stored.TryGetValue(key, out var storedHash))
                {
                    // A resolved conflict: the copy the operator chose was applied in the original's place.
                    var resolved = stored.TryGetValue(ConflictResolution.KeyPrefix + key, out var resolution) && resolution.Hash == hash;
                    verdicts[index] = storedHash.Hash == hash || resolved ? AlreadyApplied : RefusedPrefix + "idempotency conflict";
                }
                else
                {
                    verdicts[index] = WouldApply;
                }
            }
        }

        return verdicts.Select(v => v ?? Unknown).ToList();
    }

    /// <summary>
    /// What the processor would ask of the ledger for an order dead letter, as it would plan it now (null: it earns
    /// nothing); how a conflict resolution applies the dead-lettered copy.
    /// </summary>
    /// <exception cref="BrokerProblemException">The letter is no OrderCompleted (Usage).</exception>
    /// <exception cref="MessageRejectedException">The processor would refuse it; the reason says why.</exception>
    public LedgerCommand? PlanOrder(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        if (!IsOrderCompleted(letter))
        {
            throw new BrokerProblemException(BrokerProblemKind.Usage,
                $"Message {letter.MessageId} in {letter.Queue} is no OrderCompleted: conflicts are resolved here for orders only. Reverse the applied entry (`reverse KEY`) and replay or purge the message.");
        }

        return _policy.Plan(ReadOrder(letter)) is { } command
            ? command with { SourceMessageId = Guid.TryParse(letter.MessageId, out var id) ? id : null }
            : null;
    }

    private static bool IsOrderCompleted(DeadLetter letter)
    {
        if (letter.Queue != OrderErrorQueue)
        {
            return false;
        }

        // Raw JSON carries no type (the type is then the source queue); an envelope or type header must name OrderCompleted.
        var type = letter.MessageType;
        return type == $"queue:{OrderCompletedConsumer.QueueName}"
            || type.EndsWith(":" + nameof(OrderCompleted), StringComparison.Ordinal)
            || type.EndsWith("." + nameof(OrderCompleted), StringComparison.Ordinal)
            || type == nameof(OrderCompleted);
    }

    /// <summary>Through the processor's own contract gate, so a letter it would refuse is never predicted to apply.</summary>
    /// <exception cref="MessageRejectedException">The processor would refuse the body; the reason says why.</exception>
    private static OrderCompleted ReadOrder(DeadLetter letter)
    {
        if (ReadableContentTypes.Refusal(letter.Properties.ContentType) is { } refusal)
        {
            throw ContractGate.Refused("unsupported_content_type", nameof(OrderCompleted), refusal);
        }

        // A MassTransit envelope carries the message under "message"; a raw JSON producer sends it bare.
        var envelope = letter.Properties.ContentType?.Contains("masstransit", StringComparison.OrdinalIgnoreCase) == true;
        if (envelope)
        {
            Gate.CheckEnvelope(letter.Body);
        }
        else
        {
            Gate.CheckPlainJson(typeof(OrderCompleted), letter.Body);
        }

        // The gate has checked the message of an envelope that names OrderCompleted, so only then is there one to read.
        using var doc = JsonDocument.Parse(letter.Body);
        var message = !envelope ? doc.RootElement
            : IncomingContract.OfEnvelope(doc.RootElement) == typeof(OrderCompleted) ? doc.RootElement.GetProperty("message")
            : throw ContractGate.Refused("contract_violation", "A MassTransit envelope", "its /messageType names no OrderCompleted, so the processor would not take it");
        return message.Deserialize<OrderCompleted>(SystemTextJsonMessageSerializer.Options)!;
    }
}

using System.Text.Json;
using Messaging.Contracts;
using Messaging.Contracts.Earning;
using Messaging.Contracts.Gate;
using Messaging.Ledger.Corrections;
using Messaging.Ledger.Earning;
using Messaging.Ledger.Inbox;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Writing;
using Messaging.Operations.Broker;
using Messaging.Operations.Endpoints;
using Messaging.Operations.Partitions;
using Npgsql;

namespace Messaging.Operations.DeadLetters;

// What a replay would do with each dead-lettered message, as the processor would see it now; reads only.
// - An OrderCompleted from ledger-order-completed_error: "already applied" (its message id is in the inbox, or its order's journal entry
//   exists with the same payload hash), "would be refused again: reason" (the ContractGate, or the real OrderEarningPolicy with the
//   processor's current Earning settings, refuses it, or its order was applied with different content), else "would apply".
// - Any other message of a consumed queue (LedgerEndpoints): "already applied" (its id is in that endpoint's inbox), "would be refused
//   again" (the contract gate), or "unknown: a valid …" (its rules are judged only when processed).
// - A message no consumed queue takes: "unknown".
public sealed class ReplayPreview
{
    public static readonly string OrderErrorQueue = LedgerEndpoints.OrderCompleted.Queue + "_error";

    public const string AlreadyApplied = "already applied";

    public const string WouldApply = "would apply";

    public const string RefusedPrefix = "would be refused again: ";

    public const string UnknownPrefix = "unknown";

    public const string Unknown = UnknownPrefix + " (not an OrderCompleted)";

    private static readonly ContractGate Gate = new(ContractSchemas.Published);

    private readonly OrderEarningPolicy _policy;

    private ReplayPreview(OrderEarningPolicy policy, string settingsSource)
    {
        _policy = policy;
        SettingsSource = settingsSource;
    }

    /// <summary>The file, plus Earning__* environment variables.</summary>
    public string SettingsSource { get; }

    /// <param name="earning">The processor's Earning settings, validated as the worker validates them.</param>
    /// <param name="settingsSource">Where they came from, for the report.</param>
    public static ReplayPreview For(EarningOptions earning, string settingsSource) => new(new OrderEarningPolicy(earning), settingsSource);

    /// <summary>One verdict per letter, in order. Reads inbox_state and journal_entries.</summary>
    public async Task<IReadOnlyList<string>> ClassifyAsync(
        IReadOnlyList<DeadLetter> letters,
        NpgsqlDataSource dataSource,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(letters);
        var verdicts = new string?[letters.Count];
        var candidates = new List<(int Index, string Inbox, Guid? MessageId, string Key, string Hash)>();
        for (var i = 0; i < letters.Count; i++)
        {
            var letter = letters[i];
            var messageId = Guid.TryParse(letter.MessageId, out var id) ? id : (Guid?)null;
            if (LedgerPartitions.EndpointOf(letter.SourceQueue) is not { } endpoint || !Carries(letter, endpoint))
            {
                verdicts[i] = letter.Queue == OrderErrorQueue ? Unknown : UnknownPrefix + $" (not a message {letter.SourceQueue} takes)";
                continue;
            }

            try
            {
                if (IsOrderCompleted(letter))
                {
                    var command = _policy.Plan(ReadOrder(letter));
                    // An order that earns nothing is acknowledged without a journal entry: only the inbox can tell.
                    candidates.Add(
                        (i, endpoint.Inbox, messageId, command?.Primary.IdempotencyKey ?? "", command?.Primary.PayloadHash ?? "")
                    );
                    continue;
                }

                // Other messages: the contract gate and the inbox tell; their rules are judged only when processed.
                CheckContract(letter, endpoint);
                verdicts[i] =
                    UnknownPrefix + $": a valid {letter.MessageType.Split(':', '.')[^1]}, judged by the ledger's rules only when processed";
            }
            catch (MessageRejectedException ex)
            {
                verdicts[i] = RefusedPrefix + ex.Message;
            }

            // The inbox is checked first below: a message the processor already took is acked as a duplicate.
            candidates.Add((i, endpoint.Inbox, messageId, "", ""));
        }

        if (candidates.Count > 0)
        {
            // The caller's data source: it is not this method's to dispose (the API shares one for every request).
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var seen = new HashSet<(string, Guid)>();
            foreach (var inbox in candidates.Where(c => c.MessageId is not null).GroupBy(c => c.Inbox))
            {
                foreach (
                    var consumed in await InboxStore.ConsumedAsync(
                        connection,
                        inbox.Key,
                        inbox.Select(c => c.MessageId!.Value).ToArray(),
                        cancellationToken
                    )
                )
                {
                    seen.Add((inbox.Key, consumed));
                }
            }

            var keys = candidates.Where(c => c.Key.Length > 0).Select(c => c.Key).Distinct(StringComparer.Ordinal).ToArray();
            var stored = await StoredPayloadHashes.ReadAsync(
                connection,
                [.. keys, .. keys.Select(k => ConflictResolution.KeyPrefix + k)],
                cancellationToken
            );
            foreach (var (index, inbox, messageId, key, hash) in candidates)
            {
                if (messageId is { } mid && seen.Contains((inbox, mid)))
                {
                    verdicts[index] = AlreadyApplied;
                }
                else if (verdicts[index] is not null)
                {
                    // Refused by the gate or the policy, or not judged: stays so.
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
    /// What the processor would ask of the ledger for an order dead letter, as it would plan it now (null: it earns nothing); a conflict
    /// resolution applies the dead-lettered copy with it.
    /// </summary>
    /// <exception cref="BrokerProblemException">The letter is no OrderCompleted (Usage).</exception>
    /// <exception cref="MessageRejectedException">The processor would refuse it; the reason says why.</exception>
    public LedgerWrite? PlanOrder(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        if (!IsOrderCompleted(letter))
        {
            throw new BrokerProblemException(
                BrokerProblemKind.Usage,
                $"Message {letter.MessageId} in {letter.Queue} is no OrderCompleted: conflicts are resolved "
                    + "here for orders only. Reverse the applied entry (`reverse KEY`) and replay or purge the "
                    + "message."
            );
        }

        return _policy.Plan(ReadOrder(letter)) is { } command
            ? command with
            {
                SourceMessageId = Guid.TryParse(letter.MessageId, out var id) ? id : null,
            }
            : null;
    }

    private static bool IsOrderCompleted(DeadLetter letter) =>
        LedgerPartitions.EndpointOf(letter.SourceQueue) == LedgerEndpoints.OrderCompleted
        && Names(letter, typeof(OrderCompleted), letter.SourceQueue);

    // Its one contract, or any envelope on a queue of several.
    private static bool Carries(DeadLetter letter, LedgerEndpoint endpoint) =>
        endpoint.SoleContract is { } contract ? Names(letter, contract, letter.SourceQueue) : IsEnvelope(letter);

    // Raw JSON carries no type (the type is then the source queue); an envelope or type header must name the contract.
    private static bool Names(DeadLetter letter, Type contract, string queue)
    {
        var type = letter.MessageType;
        return type == $"queue:{queue}"
            || type.EndsWith(":" + contract.Name, StringComparison.Ordinal)
            || type.EndsWith("." + contract.Name, StringComparison.Ordinal)
            || type == contract.Name;
    }

    private static bool IsEnvelope(DeadLetter letter) =>
        letter.Properties.ContentType?.Contains("masstransit", StringComparison.OrdinalIgnoreCase) == true;

    private static void CheckContract(DeadLetter letter, LedgerEndpoint endpoint)
    {
        if (ReadableContentTypes.Refusal(letter.Properties.ContentType) is { } refusal)
        {
            throw ContractGate.Refused("unsupported_content_type", letter.MessageType, refusal);
        }

        if (IsEnvelope(letter))
        {
            Gate.CheckEnvelope(letter.Body);
        }
        else if (endpoint.SoleContract is { } contract)
        {
            Gate.CheckPlainJson(contract, letter.Body);
        }
    }

    // Through the processor's own contract gate, so a letter it would refuse is never predicted to apply.
    private static OrderCompleted ReadOrder(DeadLetter letter)
    {
        if (ReadableContentTypes.Refusal(letter.Properties.ContentType) is { } refusal)
        {
            throw ContractGate.Refused("unsupported_content_type", nameof(OrderCompleted), refusal);
        }

        // A MassTransit envelope carries the message under "message"; a raw JSON producer sends it bare.
        var envelope = IsEnvelope(letter);
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
        var message =
            !envelope ? doc.RootElement
            : ContractGate.ContractsOfEnvelope(doc.RootElement).FirstOrDefault() == typeof(OrderCompleted)
                ? doc.RootElement.GetProperty("message")
            : throw ContractGate.Refused(
                "contract_violation",
                "A MassTransit envelope",
                "its /messageType names no OrderCompleted, so the processor would not take it"
            );
        return message.Deserialize<OrderCompleted>(ContractJson.Options)!;
    }
}

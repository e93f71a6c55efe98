using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Messaging.Operations.Broker;

namespace Messaging.Operations.DeadLetters;

// An operator's correction of a dead-lettered message: a copy with a new message id that records the original's. The copy is a new
// message to the inbox while its business key stays the original's, so the ledger applies at most one of the two: the other is a
// duplicate, or a conflict.
public static class DeadLetterEditor
{
    /// <summary>The message id of the dead letter an edited copy replaces.</summary>
    public const string EditedFromHeader = "x-edited-from";

    /// <summary>The fields an edited copy changed, comma-separated.</summary>
    public const string EditedFieldsHeader = "x-edited-fields";

    /// <summary>
    /// Each field is a dotted path into the message (inside a MassTransit envelope, into its message). A value keeps the field's JSON
    /// kind: a number stays a number, true/false a boolean, anything else is text.
    /// </summary>
    /// <exception cref="BrokerProblemException">
    /// Usage: the body is not JSON, or a field does not exist, cannot take the value or makes the idempotency key. Forbidden: a field
    /// that moves value without <paramref name="asAdmin"/> (<see cref="EditableFields"/>).
    /// </exception>
    public static (DeadLetter Edited, IReadOnlyList<FieldChange> Changes) Apply(
        DeadLetter letter,
        IReadOnlyList<KeyValuePair<string, string>> edits,
        Guid newMessageId,
        bool asAdmin
    )
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(edits);
        if (edits.Count == 0)
        {
            throw Usage("Nothing to change: name at least one field=value (e.g. currency=USD).");
        }

        EditableFields.Check(letter, edits.Select(e => e.Key), asAdmin);

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(letter.Body);
        }
        catch (JsonException ex)
        {
            throw Usage(
                $"Message {letter.MessageId} is not JSON ({ex.Message}), so it has no fields to set; purge "
                    + "it (with an archive) and have its producer send it again."
            );
        }

        var envelope = letter.Properties.ContentType?.Contains("masstransit", StringComparison.OrdinalIgnoreCase) == true;
        var message = envelope ? root?["message"] : root;
        if (message is not JsonObject target)
        {
            throw Usage(
                $"Message {letter.MessageId} is not a JSON "
                    + $"object{(envelope ? " inside its envelope's \"message\"" : "")}, so it has no fields to "
                    + "set."
            );
        }

        var changes = new List<FieldChange>();
        foreach (var (path, value) in edits)
        {
            var (parent, name) = Locate(target, path, letter.MessageId);
            var before = parent[name];
            var after = Typed(before, value, path);
            parent[name] = after;
            changes.Add(new FieldChange(path, before?.ToJsonString() ?? "null", after?.ToJsonString() ?? "null"));
        }

        if (envelope && root is JsonObject outer)
        {
            // MassTransit reads an envelope's message id from the envelope itself.
            outer["messageId"] = newMessageId.ToString();
        }

        var headers = letter.ReplayHeaders();
        headers[EditedFromHeader] = letter.MessageId ?? "";
        headers[EditedFieldsHeader] = string.Join(",", changes.Select(c => c.Field));
        var body = JsonSerializer.SerializeToUtf8Bytes(root);
        return (letter.WithEdit(body, newMessageId.ToString(), headers), changes);
    }

    public static KeyValuePair<string, string> ParseAssignment(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var at = assignment.IndexOf('=', StringComparison.Ordinal);
        return at > 0
            ? new(assignment[..at].Trim(), assignment[(at + 1)..])
            : throw Usage($"'{assignment}' is not field=value (e.g. currency=USD, or customer.country=FR for a nested field).");
    }

    private static (JsonObject Parent, string Name) Locate(JsonObject message, string path, string? messageId)
    {
        var parts = path.Split('.');
        var parent = message;
        for (var i = 0; i < parts.Length; i++)
        {
            if (!parent.ContainsKey(parts[i]))
            {
                throw Usage(
                    $"Message {messageId} has no field '{string.Join('.', parts[..(i + 1)])}'; it has: "
                        + $"{string.Join(", ", parent.Select(p => p.Key))}. Field names are case-sensitive."
                );
            }

            if (i == parts.Length - 1)
            {
                return (parent, parts[i]);
            }

            parent =
                parent[parts[i]] as JsonObject
                ?? throw Usage(
                    $"Field '{string.Join('.', parts[..(i + 1)])}' of message {messageId} is not an object, so '{path}' cannot be set."
                );
        }

        throw Usage($"'{path}' names no field.");
    }

    private static JsonNode? Typed(JsonNode? before, string value, string path) =>
        before?.GetValueKind() switch
        {
            JsonValueKind.Number => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : throw Usage($"Field '{path}' is a number; '{value}' is not one (use a dot for decimals, e.g. 12.50)."),
            JsonValueKind.True or JsonValueKind.False => bool.TryParse(value, out var flag)
                ? JsonValue.Create(flag)
                : throw Usage($"Field '{path}' is true or false; '{value}' is neither."),
            JsonValueKind.Object or JsonValueKind.Array => throw Usage(
                $"Field '{path}' is an {before.GetValueKind().ToString().ToLowerInvariant()}; set one of "
                    + $"its own fields instead ({path}.NAME=VALUE)."
            ),
            _ => JsonValue.Create(value),
        };

    private static BrokerProblemException Usage(string message) => new(BrokerProblemKind.Usage, message);
}

using System.Reflection;
using System.Text;
using System.Text.Json;
using Json.Schema;

namespace Messaging.Contracts.Gate;

/// <summary>
/// Lets a message through only when it is what its published contract says: UTF-8 JSON, not too deep, valid against
/// the contract's JSON Schema, and readable as the contract's C# record. Anything else is refused with a reason naming
/// the field, the rule and what the field holds. The processor runs it on every message it receives, before any
/// consumer; a replay preview, the API and any producer can run the same checks on a body before it is sent.
/// </summary>
public sealed class ContractGate(ContractSchemas schemas)
{
    /// <summary>Contracts are two levels deep at most; a much deeper body is an attack or a bug, not a message.</summary>
    public const int MaxDepth = 32;

    // Flag output answers yes or no fastest; the list, which names every broken rule, is built only for a refusal.
    private static readonly EvaluationOptions Quick = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };
    private static readonly EvaluationOptions Detailed = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    /// <summary>Checks a plain JSON body against a contract.</summary>
    /// <exception cref="MessageRejectedException">The body is not what the contract says; the reason names why.</exception>
    public void CheckPlainJson(Type contract, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(contract);
        using var document = Parse(body, contract.Name);
        Check(schemas.For(contract), document.RootElement, "");
    }

    /// <summary>
    /// Checks the message inside a MassTransit envelope (<c>application/vnd.masstransit+json</c>) against the first
    /// contract its <c>messageType</c> list names, after <paramref name="requireCarried"/> accepted each one it names.
    /// An envelope naming none of the contracts is not checked: nothing here would read it.
    /// </summary>
    /// <exception cref="MessageRejectedException">The message in it is not what its contract says.</exception>
    public void CheckEnvelope(byte[] body, Action<Type>? requireCarried = null)
    {
        using var document = Parse(body, "A MassTransit envelope");
        var named = ContractsOfEnvelope(document.RootElement).ToList();
        if (named.Count == 0)
        {
            return;
        }

        named.ForEach(requireCarried ?? (_ => { }));
        var contract = named[0];

        if (!document.RootElement.TryGetProperty("message", out var message))
        {
            throw Refused("contract_violation", contract.Name, "the envelope has no /message: MassTransit puts the message there");
        }

        Check(schemas.For(contract), message, "/message");
    }

    /// <summary>Every contract an envelope's <c>messageType</c> list names, in its order (MassTransit hands it to the consumers of
    /// each).</summary>
    public static IEnumerable<Type> ContractsOfEnvelope(JsonElement envelope)
    {
        if (
            envelope.ValueKind != JsonValueKind.Object
            || !envelope.TryGetProperty("messageType", out var types)
            || types.ValueKind != JsonValueKind.Array
        )
        {
            yield break;
        }

        foreach (var urn in types.EnumerateArray())
        {
            if (urn.ValueKind == JsonValueKind.String && ContractExchanges.TypeOfUrn(urn.GetString()!) is { } contract)
            {
                yield return contract;
            }
        }
    }

    /// <summary>The refusal every check raises: who, what is wrong, and that nothing was written.</summary>
    public static MessageRejectedException Refused(string reasonCode, string who, string what) =>
        new(reasonCode, $"{who} refused: {what}. The ledger is unchanged.");

    private static JsonDocument Parse(byte[] body, string who)
    {
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            throw Refused("unreadable_body", who, "the body is empty: publish the message as a JSON object");
        }

        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw Refused(
                "unreadable_body",
                who,
                $"the body is not valid UTF-8 (the first bad byte is at offset {FirstInvalidByte(body)}): encode JSON as UTF-8"
            );
        }

        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException)
        {
            throw Refused("unreadable_body", who, JsonSyntax.Describe(body, MaxDepth));
        }
    }

    private static void Check(ContractSchema schema, JsonElement message, string prefix)
    {
        RefuseMiscasedFields(schema, message, prefix);
        if (!schema.Schema.Evaluate(message, Quick).IsValid)
        {
            var violations = SchemaViolations.Describe(schema.Schema.Evaluate(message, Detailed), schema, message, prefix);
            throw Refused("contract_violation", schema.Contract.Name, $"{violations} (the contract is {schema.File})");
        }

        EnsureReadable(schema, message, prefix);
    }

    /// <summary>
    /// The schema's names are case-sensitive, the record reader's are not: an "Amount" beside (or instead of)
    /// "amount" would be read without the schema having checked it.
    /// </summary>
    private static void RefuseMiscasedFields(ContractSchema schema, JsonElement message, string prefix)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var field in message.EnumerateObject())
        {
            if (schema.FieldNamed(field.Name) is { } spelled && !string.Equals(spelled, field.Name, StringComparison.Ordinal))
            {
                throw Refused(
                    "contract_violation",
                    schema.Contract.Name,
                    $"{prefix}/{field.Name} is not a field of the contract: field names are case-sensitive, "
                        + $"write {prefix}/{spelled} (the contract is {schema.File})"
                );
            }
        }
    }

    /// <summary>
    /// The schema allows a little the C# record cannot read (a date-time with a space for its 'T', a whole number
    /// written 12.0); reading the record here, as the processor reads it (<see cref="ContractJson.Options"/>), turns that
    /// into a reason too.
    /// </summary>
    private static void EnsureReadable(ContractSchema schema, JsonElement message, string prefix)
    {
        try
        {
            message.Deserialize(schema.Contract, ContractJson.Options);
        }
        catch (JsonException ex)
        {
            var field = (ex.Path ?? "$").TrimStart('$').TrimStart('.');
            var pointer = field.Length == 0 ? "" : "/" + field.Replace('.', '/');
            var value = Json.Pointer.JsonPointer.TryParse(pointer, out var parsed) ? parsed.Evaluate(message) : null;
            throw Refused(
                "contract_violation",
                schema.Contract.Name,
                $"{(pointer.Length == 0 ? "the message" : prefix + pointer)} must be "
                    + $"{ClrWords(schema.Contract, field)}, got {ValueShape.Of(value)} (the contract is "
                    + $"{schema.File})"
            );
        }
    }

    private static string ClrWords(Type contract, string field)
    {
        var property = contract.GetProperty(field, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type switch
        {
            _ when type == typeof(DateTimeOffset) => "an ISO 8601 date-time with a 'T' and an offset (for example 2026-11-21T10:00:00Z)",
            _ when type == typeof(long) || type == typeof(int) => "a whole number written without a fraction or exponent (for example 12)",
            _ when type == typeof(decimal) => "a decimal number (for example 12.50)",
            _ when type == typeof(Guid) => "a UUID (for example 3f2504e0-4f89-11d3-9a0c-0305e82c3301)",
            null => "readable as its contract's record",
            _ => $"readable as {type.Name}",
        };
    }

    private static int FirstInvalidByte(byte[] body)
    {
        var offset = 0;
        while (
            offset < body.Length && Rune.DecodeFromUtf8(body.AsSpan(offset), out _, out var consumed) == System.Buffers.OperationStatus.Done
        )
        {
            offset += consumed;
        }

        return offset;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Pointer;
using Json.Schema;

namespace Messaging.Contracts.Gate;

/// <summary>
/// Words for the rules a message broke: each names the field (a JSON pointer), the rule with the limit the schema
/// sets, and what the field holds, e.g. <c>/amount must be a number, got a string ("12.50")</c>.
/// </summary>
internal static class SchemaViolations
{
    private const int Listed = 5;

    /// <param name="results">A failed evaluation in list form.</param> <param name="schema">The schema evaluated, to quote its
    /// limits.</param> <param name="message">The message evaluated.</param> <param name="prefix">Where the message sits in the body
    /// (<c>/message</c> in a MassTransit envelope), so pointers point into the body.</param>
    public static string Describe(EvaluationResults results, ContractSchema schema, JsonElement message, string prefix)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(schema);
        var violations = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.SelectMany(e => Phrase(d, e.Key, e.Value, schema.Document, message, prefix)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (violations.Count == 0)
        {
            // List output always carries the failing keyword; this is only a guard against a library change.
            violations.Add("the message does not match the schema");
        }

        var shown = string.Join("; ", violations.Take(Listed));
        return violations.Count > Listed ? $"{shown}; and {violations.Count - Listed} more" : shown;
    }

    private static IEnumerable<string> Phrase(
        EvaluationResults detail,
        string keyword,
        string libraryWords,
        JsonNode document,
        JsonElement message,
        string prefix
    )
    {
        var rules = Rules(detail.EvaluationPath, document);
        var limit = rules?[keyword];
        var value = detail.InstanceLocation.Evaluate(message);
        var at = prefix + detail.InstanceLocation;

        if (keyword == "required" && limit is JsonArray required && value is { ValueKind: JsonValueKind.Object } parent)
        {
            foreach (var name in required.Select(n => n!.GetValue<string>()).Where(n => !parent.TryGetProperty(n, out _)))
            {
                yield return $"{at}/{name} is required";
            }

            yield break;
        }

        var rule = keyword switch
        {
            "type" => $"must be {TypeWords(limit)}",
            "minLength" when limit?.GetValue<int>() == 1 => "must not be empty",
            "minLength" => $"must be at least {limit} characters",
            "maxLength" => $"must be at most {limit} characters",
            "minimum" => $"must be at least {limit}",
            "maximum" => $"must be at most {limit}",
            "exclusiveMinimum" => $"must be greater than {limit}",
            "exclusiveMaximum" => $"must be less than {limit}",
            "pattern" => $"must match the pattern {limit}{StringExample(rules)}",
            "format" => $"must be {FormatWords(limit?.GetValue<string>())}",
            "enum" => $"must be one of {string.Join(", ", (limit as JsonArray ?? []).Select(v => v?.ToJsonString()))}",
            "const" => $"must be {limit?.ToJsonString()}",
            "additionalProperties" => "is not allowed",
            _ => $"breaks the rule '{keyword}' ({libraryWords})",
        };
        yield return $"{(at.Length == 0 ? "the message" : at)} {rule}, got {ValueShape.Of(value)}";
    }

    private static JsonObject? Rules(JsonPointer evaluationPath, JsonNode document) =>
        evaluationPath.TryEvaluate(document, out var node) ? node as JsonObject : null;

    private static string StringExample(JsonObject? rules) =>
        rules?["examples"] is JsonArray examples && examples.FirstOrDefault(e => e?.GetValueKind() == JsonValueKind.String) is { } example
            ? $" (for example {example.ToJsonString()})"
            : "";

    private static string TypeWords(JsonNode? type)
    {
        var names = type is JsonArray many ? many.Select(t => t!.GetValue<string>()) : [type?.GetValue<string>() ?? "?"];
        return string.Join(
            " or ",
            names.Select(name =>
                name switch
                {
                    "string" => "a string",
                    "number" => "a number",
                    "integer" => "a whole number",
                    "boolean" => "true or false",
                    "object" => "an object",
                    "array" => "an array",
                    "null" => "null",
                    _ => name,
                }
            )
        );
    }

    private static string FormatWords(string? format) =>
        format switch
        {
            "date-time" => "a date-time with an offset (RFC 3339, for example 2026-11-21T10:00:00Z)",
            "uuid" => "a UUID (for example 3f2504e0-4f89-11d3-9a0c-0305e82c3301)",
            _ => $"in the format {format}",
        };
}

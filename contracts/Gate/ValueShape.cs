using System.Text.Json;

namespace Messaging.Contracts.Gate;

/// <summary>What a JSON value looks like, in a few words, for a refusal reason: <c>a string ("12.50")</c>.</summary>
internal static class ValueShape
{
    private const int Shown = 40;

    public static string Of(JsonElement? value) =>
        value switch
        {
            null => "nothing",
            { ValueKind: JsonValueKind.String } s => OfString(s.GetString()!),
            { ValueKind: JsonValueKind.Number } n => $"a number ({Cut(n.GetRawText())})",
            { ValueKind: JsonValueKind.True } => "true",
            { ValueKind: JsonValueKind.False } => "false",
            { ValueKind: JsonValueKind.Null } => "null",
            { ValueKind: JsonValueKind.Array } a => $"an array of {a.GetArrayLength()} item(s)",
            { ValueKind: JsonValueKind.Object } => "an object",
            _ => "nothing",
        };

    private static string OfString(string text) =>
        text.Length > Shown ? $"a string of {text.Length} characters (\"{text[..Shown]}…\")" : $"a string (\"{text}\")";

    private static string Cut(string text) => text.Length > Shown ? $"{text[..Shown]}…" : text;
}

using System.Text.Json;

namespace Messaging.Contracts.Gate;

/// <summary>
/// Says where a body stops being JSON, as the pointer of the field being read (the JSON reader itself only counts
/// bytes), and whether it failed for being nested too deep.
/// </summary>
internal static class JsonSyntax
{
    private const int ShownSegments = 4;

    public static string Describe(ReadOnlySpan<byte> body, int maxDepth)
    {
        var frames = new Stack<Frame>();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            while (reader.Read())
            {
                Follow(ref reader, frames);
            }

            return "the body is not valid JSON";
        }
        catch (JsonException ex)
        {
            var at = At(frames);
            if (frames.Count >= maxDepth)
            {
                return $"the body is nested deeper than {maxDepth} levels at {at}: no contract needs more than a few";
            }

            var words = ex.Message.Split(" LineNumber:", 2)[0].TrimEnd().TrimEnd('.');
            return $"the body is not valid JSON near {at} (line {(ex.LineNumber ?? 0) + 1}, byte "
                + $"{(ex.BytePositionInLine ?? 0) + 1}): {words}";
        }
    }

    private static void Follow(ref Utf8JsonReader reader, Stack<Frame> frames)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                Advance(frames);
                frames.Push(new Frame(reader.TokenType == JsonTokenType.StartArray));
                break;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                frames.Pop();
                break;
            case JsonTokenType.PropertyName:
                frames.Peek().Segment = reader.GetString();
                break;
            default:
                Advance(frames);
                break;
        }
    }

    /// <summary>A value starts: inside an array, it is the next item.</summary>
    private static void Advance(Stack<Frame> frames)
    {
        if (frames.TryPeek(out var parent) && parent.IsArray)
        {
            parent.Index++;
            parent.Segment = parent.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static string At(Stack<Frame> frames)
    {
        var segments = frames
            .Reverse()
            .Select(f => f.Segment)
            .Where(s => s is not null)
            .Select(s => "/" + s!.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))
            .ToList();

        // Deep inside a runaway document, the field it starts in says enough.
        var pointer = segments.Count > ShownSegments ? string.Concat(segments.Take(ShownSegments)) + "/…" : string.Concat(segments);
        return pointer.Length == 0 ? "the top level" : pointer;
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Segment { get; set; }
    }
}

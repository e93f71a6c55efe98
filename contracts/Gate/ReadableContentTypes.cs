using System.Net.Mime;

namespace Messaging.Contracts.Gate;

/// <summary>The content types the processor reads: plain JSON and MassTransit's envelope.</summary>
public static class ReadableContentTypes
{
    /// <summary>Plain JSON, what producers outside .NET publish (also assumed when a message has no content type).</summary>
    public const string PlainJson = "application/json";

    /// <summary>MassTransit's envelope, with the message under <c>/message</c>.</summary>
    public const string Envelope = "application/vnd.masstransit+json";

    /// <summary>Why a message with this AMQP content type would be refused, or null when it is read (no content type reads as plain
    /// JSON).</summary>
    public static string? Refusal(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        try
        {
            return Refusal(new ContentType(contentType));
        }
        catch (FormatException)
        {
            return Unsupported(contentType);
        }
    }

    /// <summary>The same for a content type already parsed (as MassTransit hands it over, so it is not parsed again per message).</summary>
    public static string? Refusal(ContentType contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        if (
            !contentType.MediaType.Equals(PlainJson, StringComparison.OrdinalIgnoreCase)
            && !contentType.MediaType.Equals(Envelope, StringComparison.OrdinalIgnoreCase)
        )
        {
            return Unsupported(contentType.ToString());
        }

        return
            contentType.CharSet is { Length: > 0 } charset
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? $"the content type says charset {charset}: encode JSON as UTF-8 and say charset=utf-8 or nothing"
            : null;
    }

    private static string Unsupported(string contentType) =>
        $"its content type '{contentType}' is not one the processor reads: publish plain JSON as "
        + $"{PlainJson} (see contracts/README.md), or MassTransit's envelope as {Envelope}";
}

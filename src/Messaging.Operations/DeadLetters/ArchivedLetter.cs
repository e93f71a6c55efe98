using System.Text;

namespace Messaging.Operations.DeadLetters;

// One line of a purge archive: enough to inspect the message later, or to publish it again by hand.
public sealed record ArchivedLetter(
    string? MessageId,
    string Queue,
    string SourceQueue,
    string Type,
    string? ContentType,
    IReadOnlyDictionary<string, string?> Headers,
    string Body,
    string BodyEncoding,
    DateTimeOffset PurgedAt
)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body as it was published.</summary>
    public byte[] BodyBytes() => BodyEncoding == "base64" ? Convert.FromBase64String(Body) : StrictUtf8.GetBytes(Body);

    /// <summary>
    /// Its properties as a restore publishes it back to <see cref="SourceQueue"/>: its id, type and content type, and its headers less
    /// the failure that parked it (as a replay sends it).
    /// </summary>
    public Dictionary<string, object?> RestoreHeaders() =>
        Headers
            .Where(h =>
                !h.Key.StartsWith("MT-Fault-", StringComparison.OrdinalIgnoreCase)
                && !h.Key.Equals("MT-Reason", StringComparison.OrdinalIgnoreCase)
                && !h.Key.StartsWith("x-", StringComparison.OrdinalIgnoreCase)
            )
            .ToDictionary(h => h.Key, h => (object?)h.Value);

    public static ArchivedLetter Of(DeadLetter letter, DateTimeOffset purgedAt)
    {
        ArgumentNullException.ThrowIfNull(letter);
        string body;
        string encoding;
        try
        {
            body = StrictUtf8.GetString(letter.Body);
            encoding = "utf-8";
        }
        catch (DecoderFallbackException)
        {
            body = Convert.ToBase64String(letter.Body);
            encoding = "base64";
        }

        return new(
            letter.MessageId,
            letter.Queue,
            letter.SourceQueue,
            letter.MessageType,
            letter.Properties.ContentType,
            letter.Headers,
            body,
            encoding,
            purgedAt
        );
    }
}

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

namespace Messaging.Operations.DeadLetters;

/// <summary><see cref="PublishedBy"/>: the AMQP user_id the message carried, which the broker had checked.</summary>
public sealed record DeadLetterView(
    string? MessageId,
    string Queue,
    string SourceQueue,
    string Type,
    string? Reason,
    string? ExceptionType,
    DateTimeOffset? FirstFailedAt,
    long? RedeliveryCount,
    long? DeliveryCount,
    string? ContentType,
    string Body,
    string? PublishedBy,
    string? PublishedTo
)
{
    public static DeadLetterView Of(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return new(
            letter.MessageId,
            letter.Queue,
            letter.SourceQueue,
            letter.MessageType,
            letter.Reason,
            letter.ExceptionType,
            letter.FirstFailedAt,
            letter.RedeliveryCount,
            letter.DeliveryCount,
            letter.Properties.ContentType,
            letter.BodyText,
            letter.PublishedBy,
            letter.PublishedTo
        );
    }
}

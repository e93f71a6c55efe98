namespace Messaging.Operations.DeadLetters;

public sealed record PreviewedLetter(
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
    string? PublishedTo,
    string Verdict
)
{
    public static PreviewedLetter Of(DeadLetter letter, string verdict)
    {
        var view = DeadLetterView.Of(letter);
        return new(
            view.MessageId,
            view.Queue,
            view.SourceQueue,
            view.Type,
            view.Reason,
            view.ExceptionType,
            view.FirstFailedAt,
            view.RedeliveryCount,
            view.DeliveryCount,
            view.ContentType,
            view.Body,
            view.PublishedBy,
            view.PublishedTo,
            verdict
        );
    }
}

namespace Messaging.Processing.Pipeline.Outbox;

// MessageId: consumers deduplicate on it. Destination: an exchange to send it to, or null for its type's exchange. InboxMessageId and
// InboxConsumerId: the consumed message that caused it, if any. TraceParent: the span that caused it (W3C), so its publication continues
// that trace; none for a sweeper's own messages.
internal sealed record OutgoingMessage(
    Guid MessageId,
    object Message,
    string? Destination,
    Guid? InboxMessageId,
    string? InboxConsumerId,
    string? TraceParent = null
);

namespace Messaging.Processing.Pipeline.Outbox;

// MessageId: consumers deduplicate on it. Destination: an exchange to send it to, or null for its type's exchange. InboxMessageId and
// InboxConsumerId: the consumed message that caused it, if any.
internal sealed record OutgoingMessage(Guid MessageId, object Message, string? Destination, Guid? InboxMessageId, string? InboxConsumerId);

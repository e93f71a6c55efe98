namespace Messaging.Processing.Outbox;

/// <summary>An outbox row together with the message it holds, ready to publish.</summary>
internal sealed record PendingOutboxMessage(long SequenceNumber, Guid MessageId, object Message, Type MessageType);

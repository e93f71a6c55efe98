namespace Messaging.Processing.Outbox;

/// <summary>An outbox row, ready to publish: its message id, its contract type and its JSON body.</summary>
internal sealed record PendingOutboxMessage(long SequenceNumber, Guid MessageId, Type MessageType, string Body);

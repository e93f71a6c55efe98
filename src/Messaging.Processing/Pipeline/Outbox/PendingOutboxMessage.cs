namespace Messaging.Processing.Pipeline.Outbox;

/// <summary>
/// An outbox row, ready to publish: its message id, its contract type, its JSON body, and the exchange it
/// goes to when that is not its type's own (a message sent to one fulfilment rather than published).
/// </summary>
internal sealed record PendingOutboxMessage(long SequenceNumber, Guid MessageId, Type MessageType, string Body, string? Destination = null);

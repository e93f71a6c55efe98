namespace Messaging.Processing.Pipeline.Outbox;

// Destination: the exchange it goes to when that is not its type's own (a message sent to one fulfilment rather than published).
// TraceParent: the W3C traceparent its publication continues.
internal sealed record PendingOutboxMessage(
    long SequenceNumber,
    Guid MessageId,
    Type MessageType,
    string Body,
    string? Destination = null,
    string? TraceParent = null
);

namespace Messaging.Ledger.Outbox;

// A row whose lease ran out, now leased to this instance to deliver.
public sealed record ClaimedOutboxRow(
    long SequenceNumber,
    Guid MessageId,
    string MessageType,
    string Body,
    string? Destination,
    string? TraceParent = null
);

namespace Messaging.Ledger.Outbox;

/// <summary>An outbox row whose lease ran out, now leased to this instance to deliver.</summary>
public sealed record ClaimedOutboxRow(long SequenceNumber, Guid MessageId, string MessageType, string Body, string? Destination);

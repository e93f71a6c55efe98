namespace Messaging.Ledger.Inbox;

// Written in the same transaction as the consumer's ledger change, so a redelivered message is recognised; shaped after MassTransit's
// InboxState.
public sealed class InboxState
{
    public Guid MessageId { get; set; }
    public required string ConsumerId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

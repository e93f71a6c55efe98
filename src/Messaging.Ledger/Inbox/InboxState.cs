namespace Messaging.Ledger.Inbox;

/// <summary>
/// One message a consumer has applied. Written in the same transaction as the consumer's ledger change,
/// so a redelivered message is recognised; shaped after MassTransit's <c>InboxState</c>.
/// </summary>
public sealed class InboxState
{
    public Guid MessageId { get; set; }
    public required string ConsumerId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

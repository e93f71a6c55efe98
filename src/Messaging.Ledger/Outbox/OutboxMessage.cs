namespace Messaging.Ledger.Outbox;

// Shaped after MassTransit's OutboxMessage. Deleted after the broker confirms it.
public sealed class OutboxMessage
{
    public long SequenceNumber { get; set; }
    public Guid MessageId { get; set; }
    public required string MessageType { get; set; }
    public required string Body { get; set; }

    /// <summary>Null means the exchange of <see cref="MessageType"/>.</summary>
    public string? Destination { get; set; }

    public Guid? InboxMessageId { get; set; }
    public string? InboxConsumerId { get; set; }

    /// <summary>The W3C traceparent of what caused it; its publication continues that trace.</summary>
    public string? TraceParent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Until then the writer that created the row owns its delivery; after it, any sweeper may.</summary>
    public DateTimeOffset LockedUntil { get; set; }

    public int DeliveryAttempts { get; set; }
    public string? LastError { get; set; }
}

namespace Messaging.Ledger.Outbox;

/// <summary>
/// <see cref="MessageType"/> is the contract's full name (resolved back to a type by the dispatcher); <see cref="Destination"/> is an
/// exchange, or null for its type's own.
/// </summary>
public sealed record OutboxRow(
    Guid MessageId,
    string MessageType,
    string Body,
    string? Destination,
    Guid? InboxMessageId,
    string? InboxConsumerId
)
{
    /// <summary>The W3C traceparent of what caused it, so its publication continues that trace.</summary>
    public string? TraceParent { get; init; }
}

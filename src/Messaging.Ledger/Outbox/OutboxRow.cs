namespace Messaging.Ledger.Outbox;

/// <summary>
/// A message to write to <c>outbox_message</c> in the caller's transaction, its body already JSON, its type the contract's
/// full name (resolved back to a type by the dispatcher), its destination an exchange or null for its type's own.
/// </summary>
public sealed record OutboxRow(
    Guid MessageId,
    string MessageType,
    string Body,
    string? Destination,
    Guid? InboxMessageId,
    string? InboxConsumerId
);

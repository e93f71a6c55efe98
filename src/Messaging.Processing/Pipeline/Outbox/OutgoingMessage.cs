namespace Messaging.Processing.Pipeline.Outbox;

/// <summary>A message to write to the outbox in the current transaction.</summary>
/// <param name="MessageId">The id it will be published with; consumers deduplicate on it.</param>
/// <param name="Message">The contract instance, stored as plain JSON.</param>
/// <param name="Destination">An exchange to send it to, or null to publish it to its type's exchange.</param>
/// <param name="InboxMessageId">The consumed message that caused it, if any.</param>
/// <param name="InboxConsumerId">The consumer that consumed it, if any.</param>
internal sealed record OutgoingMessage(Guid MessageId, object Message, string? Destination, Guid? InboxMessageId, string? InboxConsumerId);

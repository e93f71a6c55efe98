namespace Messaging.Ledger.Journal;

/// <summary>What was applied under an idempotency key: the payload's hash and the message that carried it.</summary>
public sealed record StoredPayload(string Hash, Guid? SourceMessageId);

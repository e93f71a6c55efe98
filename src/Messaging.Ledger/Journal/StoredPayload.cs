namespace Messaging.Ledger.Journal;

public sealed record StoredPayload(string Hash, Guid? SourceMessageId);

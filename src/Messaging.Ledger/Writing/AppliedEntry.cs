namespace Messaging.Ledger.Writing;

public sealed record AppliedEntry(long EntryId, string IdempotencyKey, string EntryType, long Amount);

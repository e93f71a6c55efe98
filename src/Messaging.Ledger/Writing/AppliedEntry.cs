namespace Messaging.Ledger.Writing;

/// <summary>An entry written by the ledger, identified by the id the database gave it.</summary>
public sealed record AppliedEntry(long EntryId, string IdempotencyKey, string EntryType, long Amount);

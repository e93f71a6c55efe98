namespace Messaging.Ledger.Tenants;

/// <summary>
/// <see cref="Points"/> is the pool's posting, positive in, negative out. <see cref="Counterparty"/> is the admin who requested an
/// allocation or clawback, or "giver → receiver"; <see cref="Note"/> the reference note, the clawback's reason (with its shortfall), or
/// the recognition's message.
/// </summary>
public sealed record PoolMovement(
    long EntryId,
    string EntryType,
    string CommandId,
    long Points,
    string Counterparty,
    string Note,
    DateTimeOffset OccurredAt
);

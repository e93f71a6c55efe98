namespace Messaging.Ledger.Tenants;

/// <summary>One entry on a tenant's pool, as <c>tenant show</c> lists them.</summary>
/// <param name="EntryId">The journal entry.</param>
/// <param name="EntryType">tenant_allocation, tenant_clawback or recognition.</param>
/// <param name="CommandId">The allocation, clawback or recognition id.</param>
/// <param name="Points">The pool's posting: positive in, negative out.</param>
/// <param name="Counterparty">Who: the admin who requested an allocation or clawback, or "giver → receiver".</param>
/// <param name="Note">The reference note, the clawback's reason (with its shortfall), or the recognition's message.</param>
/// <param name="OccurredAt">When it was requested.</param>
public sealed record PoolMovement(
    long EntryId,
    string EntryType,
    string CommandId,
    long Points,
    string Counterparty,
    string Note,
    DateTimeOffset OccurredAt
);

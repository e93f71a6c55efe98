namespace Messaging.Contracts.Tenants;

/// <summary>
/// A platform admin allocates (mints) points into a tenant's pool, from which the tenant's recognitions draw. Owned
/// and published by the platform's admin tooling; consumed by the points processor, which applies it exactly once per
/// <see cref="AllocationId"/>, and only when the AMQP <c>user_id</c> property (which RabbitMQ checks against the
/// publishing connection's user) names an authorised admin.
/// Exchange <c>allocate-to-tenant</c> (fanout). JSON Schema: <c>contracts/schemas/allocate-to-tenant.v1.json</c>.
/// </summary>
/// <param name="AllocationId">The allocation's business id; the ledger's idempotency key is <c>allocation:{AllocationId}</c>.</param>
/// <param name="TenantId">The tenant whose pool receives the points.</param>
/// <param name="Points">Points to mint into the pool: at least 1, at most <c>Tenants:MaxAllocationPoints</c>.</param>
/// <param name="ReferenceNote">Why (an invoice or contract reference); kept on the entry for the allocation log.</param>
/// <param name="RequestedBy">The person who asked for it, as the admin tooling knows them.</param>
/// <param name="OccurredAt">When the allocation was requested.</param>
public sealed record AllocateToTenant(
    string AllocationId,
    string TenantId,
    long Points,
    string ReferenceNote,
    string RequestedBy,
    DateTimeOffset OccurredAt
);

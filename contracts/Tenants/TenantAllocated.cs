namespace Messaging.Contracts.Tenants;

/// <summary>
/// Points were minted into a tenant's pool. Owned and published by the points processor (through its transactional
/// outbox, so exactly once per allocation and with a stable message id); consumed by the admin tooling and billing.
/// Exchange <c>tenant-allocated</c> (fanout). JSON Schema: <c>contracts/schemas/tenant-allocated.v1.json</c>.
/// </summary>
/// <param name="AllocationId">The allocation applied.</param>
/// <param name="TenantId">The tenant whose pool received the points.</param>
/// <param name="Points">Points minted.</param>
/// <param name="PoolBalance">The pool's balance right after this allocation.</param>
/// <param name="RequestedBy">Who asked for it, as the command said.</param>
/// <param name="AuthorisedBy">The broker user that published the command (its AMQP <c>user_id</c>, checked by RabbitMQ).</param>
/// <param name="OccurredAt">When the ledger recorded the allocation.</param>
public sealed record TenantAllocated(
    string AllocationId,
    string TenantId,
    long Points,
    long PoolBalance,
    string RequestedBy,
    string AuthorisedBy,
    DateTimeOffset OccurredAt
);

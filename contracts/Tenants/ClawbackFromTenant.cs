namespace Messaging.Contracts.Tenants;

/// <summary>
/// A platform admin takes points back from a tenant's pool into platform issuance: at most what the pool holds, never from users' wallets
/// (they are permanent). Owned and published by the platform's admin tooling; consumed by the points processor, which applies it once per
/// <see cref="ClawbackId"/>, and only when the AMQP <c>user_id</c> property names an authorised admin. Exchange <c>clawback-from-tenant</c>
/// (fanout). JSON Schema: <c>contracts/schemas/clawback-from-tenant.v1.json</c>.
/// </summary>
/// <param name="ClawbackId">The clawback's business id; the ledger's idempotency key is <c>clawback:{ClawbackId}</c>.</param> <param
/// name="TenantId">The tenant whose pool gives the points back.</param> <param name="Points">Points asked for: at least 1. If the pool
/// holds less, the pool's balance is taken and the rest is the shortfall.</param> <param name="Reason">Why (a cancelled contract, an
/// allocation made in error); kept on the entry for the allocation log.</param> <param name="RequestedBy">The person who asked for it, as
/// the admin tooling knows them.</param> <param name="OccurredAt">When the clawback was requested.</param>
public sealed record ClawbackFromTenant(
    string ClawbackId,
    string TenantId,
    long Points,
    string Reason,
    string RequestedBy,
    DateTimeOffset OccurredAt
);

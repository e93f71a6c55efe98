namespace Messaging.Contracts.Tenants;

/// <summary>
/// The answer to a <see cref="ClawbackFromTenant"/>: how much was asked for, how much the pool gave back, and the shortfall when the pool
/// held less. Owned and published by the points processor through its outbox; consumed by the admin tooling and billing. Exchange
/// <c>tenant-clawed-back</c> (fanout). JSON Schema: <c>contracts/schemas/tenant-clawed-back.v1.json</c>.
/// </summary>
/// <param name="ClawbackId">The clawback answered.</param> <param name="TenantId">The tenant whose pool gave points back.</param> <param
/// name="RequestedPoints">Points the command asked for.</param> <param name="AppliedPoints">Points actually taken from the pool: the
/// request, or the whole pool when it held less (0 when it was empty).</param> <param name="Shortfall">Requested less applied: what the
/// pool could not give back.</param> <param name="PoolBalance">The pool's balance right after the clawback.</param> <param
/// name="RequestedBy">Who asked for it, as the command said.</param> <param name="AuthorisedBy">The broker user that published the command
/// (its AMQP <c>user_id</c>, checked by RabbitMQ).</param> <param name="OccurredAt">When the ledger decided it.</param>
public sealed record TenantClawedBack(
    string ClawbackId,
    string TenantId,
    long RequestedPoints,
    long AppliedPoints,
    long Shortfall,
    long PoolBalance,
    string RequestedBy,
    string AuthorisedBy,
    DateTimeOffset OccurredAt
);

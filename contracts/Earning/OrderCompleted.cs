namespace Messaging.Contracts.Earning;

/// <summary>
/// An order was completed and paid. Owned and published by the upstream order system;
/// consumed by the points processor, which credits points for it exactly once per <see cref="OrderId"/>.
/// Exchange <c>order-completed</c> (fanout). JSON Schema: <c>contracts/schemas/order-completed.v1.json</c>.
/// </summary>
/// <param name="OrderId">The order's business id; the ledger's idempotency key is <c>order:{OrderId}</c>.</param>
/// <param name="UserId">The customer who earns the points.</param>
/// <param name="Amount">Order total in <paramref name="Currency"/> units; must not be negative.</param>
/// <param name="Currency">ISO 4217 code; must be configured under <c>Earning:PointsPerUnit</c>.</param>
/// <param name="OccurredAt">When the order was completed.</param>
/// <param name="TenantId">Optional tenant the order belongs to (recorded as metadata).</param>
public sealed record OrderCompleted(
    string OrderId,
    string UserId,
    decimal Amount,
    string Currency,
    DateTimeOffset OccurredAt,
    string? TenantId = null
);

namespace Messaging.Contracts.Expiry;

/// <summary>
/// Points of one lot expired: what was left of an earning when its expiry passed (<c>Expiry:Months</c> after it was recorded, for the
/// entry types in <c>Expiry:EntryTypes</c>), written to the ledger as an expiry entry. Published by the points processor (outbox), by
/// its expiry sweeper or when a redemption touched the wallet first, once per expiry entry; consumed by apps. Exchange
/// <c>points-expired</c> (fanout). JSON Schema: <c>contracts/schemas/points-expired.v1.json</c>.
/// </summary>
/// <param name="UserId">Whose points.</param>
/// <param name="LotKey">The lot: the idempotency key of the entry that credited it (an order's <c>order:{orderId}</c>, …).</param>
/// <param name="Points">How many points expired.</param>
/// <param name="Balance">The wallet's balance after the expiry.</param>
/// <param name="EntryKey">The expiry entry's idempotency key (<c>expiry:{userId}:{lotKey}</c>).</param>
/// <param name="ExpiredAt">When the lot expired.</param>
/// <param name="OccurredAt">When the processor recorded it.</param>
public sealed record PointsExpired(
    string UserId,
    string LotKey,
    long Points,
    long Balance,
    string EntryKey,
    DateTimeOffset ExpiredAt,
    DateTimeOffset OccurredAt
);

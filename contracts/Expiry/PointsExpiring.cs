namespace Messaging.Contracts.Expiry;

/// <summary>
/// Points of one lot will expire soon, unless spent first: sent once per lot, <c>Expiry:WarnDays</c> days (30 by default) before its
/// expiry, so an app can remind its user. Published by the points processor's expiry sweeper (outbox); consumed by apps. Exchange
/// <c>points-expiring</c> (fanout). JSON Schema: <c>contracts/schemas/points-expiring.v1.json</c>.
/// </summary>
/// <param name="UserId">Whose points.</param>
/// <param name="LotKey">The lot: the idempotency key of the entry that credited it.</param>
/// <param name="Points">How many of its points are left to expire (spending draws the soonest-expiring first).</param>
/// <param name="ExpiresAt">When they expire.</param>
/// <param name="OccurredAt">When the processor noticed.</param>
public sealed record PointsExpiring(string UserId, string LotKey, long Points, DateTimeOffset ExpiresAt, DateTimeOffset OccurredAt);

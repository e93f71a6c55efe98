namespace Messaging.Contracts.Earning;

/// <summary>
/// Points were credited to a user's wallet for an order. Owned and published by the points processor
/// (through its transactional outbox, so exactly once per order and with a stable message id);
/// consumed by apps that show balances or notify users.
/// Exchange <c>points-earned</c> (fanout). JSON Schema: <c>contracts/schemas/points-earned.v1.json</c>.
/// </summary>
/// <param name="OrderId">The order the points were earned for.</param>
/// <param name="UserId">The user credited.</param>
/// <param name="Points">Points for the order itself.</param>
/// <param name="BonusPoints">Signup and first-order bonuses credited with this order (0 when none).</param>
/// <param name="Balance">The wallet's balance right after this credit.</param>
/// <param name="OccurredAt">When the ledger recorded the credit.</param>
/// <param name="PointsCut">
/// The order's points a per-user earning cap did not credit (0 when none); when a cap left no room, <paramref name="Points"/> is 0.
/// </param>
public sealed record PointsEarned(
    string OrderId,
    string UserId,
    long Points,
    long BonusPoints,
    long Balance,
    DateTimeOffset OccurredAt,
    long PointsCut = 0
);

namespace Messaging.Contracts.Attendance;

/// <summary>
/// A week of a user's weekly streak reached a new length: the week was attended for the first time, or a late
/// attendance filled a gap before it and joined two runs (<see cref="Retroactive"/>). The bonus for the new length is
/// paid at once; a retroactive extension pays only the difference to what the week was paid before. Owned and published
/// by the points processor through its outbox. Exchange <c>streak-extended</c> (fanout). JSON Schema:
/// <c>contracts/schemas/streak-extended.v1.json</c>.
/// </summary>
/// <param name="UserId">Whose streak.</param>
/// <param name="Week">The ISO week whose streak length changed (<c>2026-W48</c>).</param>
/// <param name="StreakLength">Consecutive attended weeks ending with <see cref="Week"/>, now.</param>
/// <param name="BonusPoints">Points paid by this change (0 when the bonus table pays nothing more for the new length).</param>
/// <param name="WeekBonusTotal">Everything the week's streak bonus has paid, this change included.</param>
/// <param name="Retroactive">True when a late attendance lengthened a week already counted.</param>
/// <param name="OccurredAt">When the ledger recorded it.</param>
public sealed record StreakExtended(
    string UserId,
    string Week,
    int StreakLength,
    long BonusPoints,
    long WeekBonusTotal,
    bool Retroactive,
    DateTimeOffset OccurredAt
);

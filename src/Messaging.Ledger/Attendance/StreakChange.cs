namespace Messaging.Ledger.Attendance;

/// <summary>
/// A week's streak reached a new length (first counted, or lengthened by a late attendance). <see cref="Retroactive"/>: the week was
/// counted before with a shorter streak.
/// </summary>
public sealed record StreakChange(DateOnly Week, int Length, long BonusPaid, long WeekBonusTotal, bool Retroactive);

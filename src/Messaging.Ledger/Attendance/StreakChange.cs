namespace Messaging.Ledger.Attendance;

/// <summary>A week's streak reached a new length (first counted, or lengthened by a late attendance) and what that paid.</summary>
/// <param name="Week">The week's Monday.</param>
/// <param name="Length">Its streak now.</param>
/// <param name="BonusPaid">Paid by this change.</param>
/// <param name="WeekBonusTotal">Paid for the week in all.</param>
/// <param name="Retroactive">Whether the week was counted before with a shorter streak.</param>
public sealed record StreakChange(DateOnly Week, int Length, long BonusPaid, long WeekBonusTotal, bool Retroactive);

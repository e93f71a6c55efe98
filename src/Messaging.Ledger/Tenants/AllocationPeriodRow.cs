namespace Messaging.Ledger.Tenants;

/// <summary>
/// Seed 002's allocation activity and weekly summary. <see cref="Period"/> is the first day (UTC; weeks start on Monday);
/// <see cref="Tenants"/> counts distinct tenants allocated to or clawed back from.
/// </summary>
public sealed record AllocationPeriodRow(
    DateOnly Period,
    long Allocations,
    long PointsAllocated,
    long Clawbacks,
    long PointsClawedBack,
    long Tenants
);

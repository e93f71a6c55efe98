namespace Messaging.Ledger.Tenants;

/// <summary>One period of the allocation log (seed 002's allocation activity and weekly summary).</summary>
/// <param name="Period">The period's first day (UTC; weeks start on Monday).</param>
/// <param name="Allocations">Allocations recorded in it.</param>
/// <param name="PointsAllocated">Points they minted into pools.</param>
/// <param name="Clawbacks">Clawbacks recorded in it.</param>
/// <param name="PointsClawedBack">Points they took back.</param>
/// <param name="Tenants">Distinct tenants allocated to or clawed back from.</param>
public sealed record AllocationPeriodRow(
    DateOnly Period,
    long Allocations,
    long PointsAllocated,
    long Clawbacks,
    long PointsClawedBack,
    long Tenants
);

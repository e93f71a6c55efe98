namespace Messaging.Ledger.Tenants;

/// <summary>A tenant's activity (seed 002's tenant activity and top tenants reports), from the journal.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Allocations">Allocations it received.</param>
/// <param name="TotalReceived">Points allocated to it, ever.</param>
/// <param name="ClawedBack">Points taken back from it, ever.</param>
/// <param name="Recognitions">Recognitions its pool paid for.</param>
/// <param name="PointsRecognised">Points those recognitions moved to wallets.</param>
/// <param name="PoolBalance">Points in its pool now.</param>
public sealed record TenantActivityRow(
    string TenantId,
    string Name,
    long Allocations,
    long TotalReceived,
    long ClawedBack,
    long Recognitions,
    long PointsRecognised,
    long PoolBalance
);

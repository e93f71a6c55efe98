namespace Messaging.Ledger.Tenants;

// Seed 002's tenant activity and top tenants reports, from the journal.
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

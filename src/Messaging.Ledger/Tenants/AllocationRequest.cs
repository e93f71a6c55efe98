namespace Messaging.Ledger.Tenants;

/// <summary>An authorised admin's request to mint points into a tenant's pool; <c>AuthorisedBy</c> is the broker user that vouched for the
/// admin.</summary>
public sealed record AllocationRequest(
    string AllocationId,
    string TenantId,
    long Points,
    string ReferenceNote,
    string RequestedBy,
    string AuthorisedBy,
    DateTimeOffset OccurredAt
);

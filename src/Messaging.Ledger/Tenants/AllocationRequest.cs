namespace Messaging.Ledger.Tenants;

/// <summary><see cref="AuthorisedBy"/> is the broker user that vouched for the admin.</summary>
public sealed record AllocationRequest(
    string AllocationId,
    string TenantId,
    long Points,
    string ReferenceNote,
    string RequestedBy,
    string AuthorisedBy,
    DateTimeOffset OccurredAt
);

namespace Messaging.Ledger.Tenants;

/// <summary>An authorised admin's request to take points back from a tenant's pool into platform issuance; <c>AuthorisedBy</c> is the
/// broker user that vouched for the admin.</summary>
public sealed record ClawbackRequest(
    string ClawbackId,
    string TenantId,
    long Points,
    string Reason,
    string RequestedBy,
    string AuthorisedBy,
    DateTimeOffset OccurredAt
);

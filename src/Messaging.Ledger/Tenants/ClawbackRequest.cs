namespace Messaging.Ledger.Tenants;

/// <summary><see cref="AuthorisedBy"/> is the broker user that vouched for the admin.</summary>
public sealed record ClawbackRequest(
    string ClawbackId,
    string TenantId,
    long Points,
    string Reason,
    string RequestedBy,
    string AuthorisedBy,
    DateTimeOffset OccurredAt
);

namespace Messaging.Ledger.Queries;

/// <summary>
/// Which journal entries a ledger-wide listing shows (seed 000's transaction view); every filter given must hold. Since is
/// inclusive, Until exclusive, both on the entry's recorded time; User: entries that post to the user's wallet; Tenant:
/// entries that post to any of the tenant's accounts.
/// </summary>
public sealed record EntryFilter(
    string? EntryType = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    string? User = null,
    string? Tenant = null
);
